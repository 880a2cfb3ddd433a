"""crisis care

Members choose the country whose crisis lines they see (member_preferences, one row each,
where later settings become columns), and crisis help shown to an author stays until they
dismiss it (notifications.dismissed_at).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29

Written by hand from the models; self-contained so it can be re-parented at merge time.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('member_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('country', sa.String(length=2), nullable=True),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_member_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_member_preferences'))
    )
    op.add_column('notifications', sa.Column('dismissed_at', sa.DateTime(timezone=True),
                                             nullable=True))


def downgrade():
    # Plain drop_column (SQLite >= 3.35): a batch copy would lose expression indexes elsewhere.
    op.drop_column('notifications', 'dismissed_at')
    op.drop_table('member_preferences')
