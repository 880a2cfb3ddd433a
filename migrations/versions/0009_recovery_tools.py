"""recovery tools and personal boundaries

A member's recovery date (recovery_records), daily check-ins (checkin_days: one thread a day,
unique by day; checkins: one per member and day), muted threads and boards, the folded and
hidden content-warning categories on member_preferences, and the daily check-in board.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-29

Written by hand from the models; self-contained so it can be re-parented at merge time.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

CHECKIN_BOARD = {
    "slug": "daily-check-in", "name": "Daily check-in",
    "description": "One thread a day: say you're staying sober today, with a note if you like.",
}


def upgrade():
    op.create_table('recovery_records',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('streak_start', sa.Date(), nullable=False),
    sa.Column('days_before', sa.Integer(), nullable=False),
    sa.Column('time_zone', sa.String(length=64), nullable=False),
    sa.Column('show_badge', sa.Boolean(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_recovery_records_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_recovery_records'))
    )
    op.create_table('checkin_days',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'],
                            name=op.f('fk_checkin_days_thread_id_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_checkin_days'))
    )
    op.create_table('checkins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                            name=op.f('fk_checkins_post_id_posts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_checkins_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_checkins')),
    sa.UniqueConstraint('user_id', 'day', name=op.f('uq_checkins_user_id'))
    )
    op.create_table('thread_mutes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'],
                            name=op.f('fk_thread_mutes_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_thread_mutes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_mutes'))
    )
    op.create_index(op.f('ix_thread_mutes_thread_id'), 'thread_mutes', ['thread_id'],
                    unique=False)
    op.create_table('board_mutes',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'],
                            name=op.f('fk_board_mutes_board_id_boards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_board_mutes_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'board_id', name=op.f('pk_board_mutes'))
    )
    op.create_index(op.f('ix_board_mutes_board_id'), 'board_mutes', ['board_id'], unique=False)
    op.add_column('member_preferences', sa.Column('folded_warnings', sa.JSON(), nullable=True))
    op.add_column('member_preferences', sa.Column('hidden_warnings', sa.JSON(), nullable=True))
    _add_checkin_board()


DISCUSSION_BOARDS = 11  # positions 0-10 in forum/data/default_boards.json


def _add_checkin_board():
    """The board the daily check-in threads live in, last in the list, unless it is there. On an
    empty database (a fresh machine, seeded after migrating) it still goes after the eleven
    discussion boards the seeding adds, rather than first."""
    conn = op.get_bind()
    boards = sa.table('boards', sa.column('slug'), sa.column('name'), sa.column('description'),
                      sa.column('position'))
    if conn.execute(sa.select(boards.c.slug).where(
            boards.c.slug == CHECKIN_BOARD["slug"])).first() is None:
        last = conn.execute(sa.select(sa.func.coalesce(sa.func.max(boards.c.position), -1)))
        position = max(last.scalar() + 1, DISCUSSION_BOARDS)
        op.execute(boards.insert().values(**CHECKIN_BOARD, position=position))


def downgrade():
    # Plain drop_column (SQLite >= 3.35): a batch copy would lose expression indexes elsewhere.
    op.drop_column('member_preferences', 'hidden_warnings')
    op.drop_column('member_preferences', 'folded_warnings')
    op.drop_index(op.f('ix_board_mutes_board_id'), table_name='board_mutes')
    op.drop_table('board_mutes')
    op.drop_index(op.f('ix_thread_mutes_thread_id'), table_name='thread_mutes')
    op.drop_table('thread_mutes')
    op.drop_table('checkins')
    op.drop_table('checkin_days')
    op.drop_table('recovery_records')
