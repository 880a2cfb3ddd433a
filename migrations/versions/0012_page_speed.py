"""page speed

The renderer version each post's stored HTML was made with (posts.body_html_version; older or
missing ones are rendered again when shown), and an index on posts (thread_id, id) so a thread's
first post is one step down an index at any size (PostgreSQL otherwise walks the primary key).

Revision ID: 0012
Revises: 0010
Create Date: 2026-11-29

Written by hand from the models; self-contained so it can be re-parented at merge time.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('body_html_version', sa.Integer(), nullable=True))
    op.create_index('ix_posts_thread_post', 'posts', ['thread_id', 'id'], unique=False)


def downgrade():
    op.drop_index('ix_posts_thread_post', table_name='posts')
    # Plain drop_column (SQLite >= 3.35): a batch copy would lose expression indexes elsewhere.
    op.drop_column('posts', 'body_html_version')
