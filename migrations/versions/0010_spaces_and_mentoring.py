"""restricted spaces and peer mentoring

Restricted spaces (a board, and optionally its room, for its members only), their members and
per-space moderators, join requests; mentors' profiles, mentor requests, and the private
conversations of a mentor and a mentee with their messages. Seeds the two default spaces
("Women in recovery", "LGBTQ+ in recovery") on a forum that already has its boards.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-29

Written by hand from the models; self-contained so it can be re-parented at merge time.
"""
from datetime import datetime, timezone

import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

DEFAULT_SPACES = (
    ("women-in-recovery", "Women in recovery", "A space for women in recovery, whatever the "
     "path. Its members and moderators only see it; ask to join with a short note."),
    ("lgbtq-in-recovery", "LGBTQ+ in recovery", "A space for LGBTQ+ people in recovery. Its "
     "members and moderators only see it; ask to join with a short note."),
)


def _pk(table):
    return sa.PrimaryKeyConstraint('id', name=op.f(f'pk_{table}'))


def _fk(table, column, target, ondelete):
    return sa.ForeignKeyConstraint([column], [f'{target}.id'],
                                   name=op.f(f'fk_{table}_{column}_{target}'), ondelete=ondelete)


def _when(column):
    return sa.Column(column, sa.DateTime(timezone=True), nullable=True)


def upgrade():
    op.create_table('spaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _fk('spaces', 'board_id', 'boards', 'CASCADE'),
    _fk('spaces', 'room_id', 'chat_rooms', 'SET NULL'),
    _pk('spaces'),
    sa.UniqueConstraint('board_id', name=op.f('uq_spaces_board_id')),
    sa.UniqueConstraint('room_id', name=op.f('uq_spaces_room_id')),
    )
    op.create_table('space_members',
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _fk('space_members', 'space_id', 'spaces', 'CASCADE'),
    _fk('space_members', 'user_id', 'users', 'CASCADE'),
    sa.PrimaryKeyConstraint('space_id', 'user_id', name=op.f('pk_space_members')),
    )
    op.create_index(op.f('ix_space_members_user_id'), 'space_members', ['user_id'])
    op.create_table('space_join_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('space_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _when('decided_at'),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    _fk('space_join_requests', 'space_id', 'spaces', 'CASCADE'),
    _fk('space_join_requests', 'user_id', 'users', 'CASCADE'),
    _fk('space_join_requests', 'decided_by_id', 'users', 'SET NULL'),
    _pk('space_join_requests'),
    )
    op.create_index(op.f('ix_space_join_requests_space_id'), 'space_join_requests', ['space_id'])
    op.create_index(op.f('ix_space_join_requests_user_id'), 'space_join_requests', ['user_id'])
    op.create_index('uq_space_join_requests_pending', 'space_join_requests',
                    ['space_id', 'user_id'], unique=True,
                    sqlite_where=sa.text("status = 'pending'"),
                    postgresql_where=sa.text("status = 'pending'"))

    op.create_table('mentor_profiles',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('offer', sa.String(length=1000), nullable=False),
    sa.Column('max_mentees', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_mentor_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_mentor_profiles')),
    )
    op.create_table('mentor_requests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _when('accepted_at'),
    _fk('mentor_requests', 'member_id', 'users', 'CASCADE'),
    _fk('mentor_requests', 'mentor_id', 'users', 'SET NULL'),
    _pk('mentor_requests'),
    )
    op.create_index(op.f('ix_mentor_requests_member_id'), 'mentor_requests', ['member_id'])
    op.create_index('uq_mentor_requests_open', 'mentor_requests', ['member_id'], unique=True,
                    sqlite_where=sa.text("status = 'open'"),
                    postgresql_where=sa.text("status = 'open'"))
    op.create_table('mentor_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=True),
    sa.Column('mentee_id', sa.Integer(), nullable=True),
    sa.Column('request_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _when('ended_at'),
    _fk('mentor_conversations', 'mentor_id', 'users', 'SET NULL'),
    _fk('mentor_conversations', 'mentee_id', 'users', 'SET NULL'),
    _fk('mentor_conversations', 'request_id', 'mentor_requests', 'SET NULL'),
    _pk('mentor_conversations'),
    )
    op.create_index(op.f('ix_mentor_conversations_mentor_id'), 'mentor_conversations',
                    ['mentor_id'])
    op.create_index(op.f('ix_mentor_conversations_mentee_id'), 'mentor_conversations',
                    ['mentee_id'])
    op.create_index('uq_mentor_conversations_active_mentee', 'mentor_conversations',
                    ['mentee_id'], unique=True, sqlite_where=sa.text("ended_at IS NULL"),
                    postgresql_where=sa.text("ended_at IS NULL"))
    op.create_table('mentor_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('conversation_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('body_html', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    _when('reported_at'),
    sa.Column('status', sa.String(length=16), nullable=False),
    _fk('mentor_messages', 'conversation_id', 'mentor_conversations', 'CASCADE'),
    _fk('mentor_messages', 'author_id', 'users', 'SET NULL'),
    _pk('mentor_messages'),
    )
    op.create_index('ix_mentor_messages_conversation_id', 'mentor_messages',
                    ['conversation_id', 'id'])
    _seed_default_spaces()


def _seed_default_spaces():
    """On a forum that already has its boards, add the default spaces (a fresh forum gets them
    from `forum seed` like its other boards)."""
    bind = op.get_bind()
    if bind.execute(sa.text("SELECT count(*) FROM boards")).scalar() == 0:
        return
    now = datetime.now(timezone.utc)
    for position, (slug, name, description) in enumerate(DEFAULT_SPACES, start=100):
        ids = {}
        for table in ('boards', 'chat_rooms'):
            found = bind.execute(sa.text(f"SELECT id FROM {table} WHERE slug = :slug"),
                                 {"slug": slug}).scalar()
            if found is None:
                extra = ", kind, schedule_json, locked, slow_mode_seconds" \
                    if table == 'chat_rooms' else ""
                values = ", 'open', '[]', :no, 0" if table == 'chat_rooms' else ""
                bind.execute(sa.text(
                    f"INSERT INTO {table} (slug, name, description, position{extra}) "
                    f"VALUES (:slug, :name, :description, :position{values})"),
                    {"slug": slug, "name": name, "description": description,
                     "position": position, "no": False})
                found = bind.execute(sa.text(f"SELECT id FROM {table} WHERE slug = :slug"),
                                     {"slug": slug}).scalar()
            ids[table] = found
        bind.execute(sa.text("INSERT INTO spaces (board_id, room_id, created_at) "
                             "VALUES (:board, :room, :now)"),
                     {"board": ids['boards'], "room": ids['chat_rooms'], "now": now})


def downgrade():
    op.drop_index('ix_mentor_messages_conversation_id', table_name='mentor_messages')
    op.drop_table('mentor_messages')
    op.drop_index('uq_mentor_conversations_active_mentee', table_name='mentor_conversations')
    op.drop_index(op.f('ix_mentor_conversations_mentee_id'), table_name='mentor_conversations')
    op.drop_index(op.f('ix_mentor_conversations_mentor_id'), table_name='mentor_conversations')
    op.drop_table('mentor_conversations')
    op.drop_index('uq_mentor_requests_open', table_name='mentor_requests')
    op.drop_index(op.f('ix_mentor_requests_member_id'), table_name='mentor_requests')
    op.drop_table('mentor_requests')
    op.drop_table('mentor_profiles')
    op.drop_index('uq_space_join_requests_pending', table_name='space_join_requests')
    op.drop_index(op.f('ix_space_join_requests_user_id'), table_name='space_join_requests')
    op.drop_index(op.f('ix_space_join_requests_space_id'), table_name='space_join_requests')
    op.drop_table('space_join_requests')
    op.drop_index(op.f('ix_space_members_user_id'), table_name='space_members')
    op.drop_table('space_members')
    op.drop_table('spaces')
    # The boards and rooms of the default spaces stay: they hold members' posts.
