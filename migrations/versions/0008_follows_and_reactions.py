"""follows, support reactions and post announcements

Members follow threads and boards (thread_follows keeps "stopped following" too), react to posts
with one of a fixed set of support reactions (one of each per member per post), and each post is
announced to the people it concerns once (post_announcements).

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-29

Written by hand from the models; self-contained so it can be re-parented at merge time.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('thread_follows',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('following', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'],
                            name=op.f('fk_thread_follows_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_thread_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_follows'))
    )
    op.create_index('ix_thread_follows_thread', 'thread_follows', ['thread_id', 'following'])
    op.create_table('board_follows',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('board_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['board_id'], ['boards.id'],
                            name=op.f('fk_board_follows_board_id_boards'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_board_follows_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'board_id', name=op.f('pk_board_follows'))
    )
    op.create_index('ix_board_follows_board', 'board_follows', ['board_id'])
    op.create_table('post_reactions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                            name=op.f('fk_post_reactions_post_id_posts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_post_reactions_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_post_reactions')),
    sa.UniqueConstraint('post_id', 'user_id', 'kind', name='uq_post_reactions_post_member_kind')
    )
    op.create_index(op.f('ix_post_reactions_user_id'), 'post_reactions', ['user_id'])
    op.create_table('post_announcements',
    sa.Column('post_id', sa.Integer(), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'],
                            name=op.f('fk_post_announcements_post_id_posts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('post_id', name=op.f('pk_post_announcements'))
    )
    # Posts members could already see count as announced: approving a flag on one later, or
    # restoring it, must not notify anyone about an old post. Held posts wait for a moderator.
    op.execute("INSERT INTO post_announcements (post_id, announced_at) "
               "SELECT id, created_at FROM posts WHERE status <> 'pending'")


def downgrade():
    op.drop_table('post_announcements')
    op.drop_index(op.f('ix_post_reactions_user_id'), table_name='post_reactions')
    op.drop_table('post_reactions')
    op.drop_index('ix_board_follows_board', table_name='board_follows')
    op.drop_table('board_follows')
    op.drop_index('ix_thread_follows_thread', table_name='thread_follows')
    op.drop_table('thread_follows')
