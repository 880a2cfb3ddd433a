"""reading and search

Read state per member and thread (thread_reads: the newest post seen), an index for /latest
(threads by last activity across boards), an index for a member's posts, the member's choice
to show recent posts on their page (member_preferences.show_recent_posts, off by default),
and full-text search over thread titles and post bodies, built from what is already there:
- SQLite: FTS5 tables posts_fts and threads_fts (external content: the index only) with the
  triggers that keep them in step, rebuilt from the existing rows;
- PostgreSQL: GIN indexes over to_tsvector('english', ...) of posts.body_source and
  threads.title, which the database keeps in step itself.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-29

Written by hand from the models; self-contained so it can be re-parented at merge time.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

_TOKENIZER = "porter unicode61 remove_diacritics 2"
_SEARCHED = (("posts_fts", "posts", "body_source"), ("threads_fts", "threads", "title"))


def _sqlite_search(name: str, table: str, column: str) -> list[str]:
    """The FTS5 table, its three triggers, and the rebuild that indexes the existing rows."""
    insert = f"INSERT INTO {name}(rowid, {column}) VALUES (new.id, new.{column});"
    delete = f"INSERT INTO {name}({name}, rowid, {column}) VALUES ('delete', old.id, old.{column});"
    return [
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {name} USING fts5({column}, content='{table}', "
        f"content_rowid='id', tokenize='{_TOKENIZER}')",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ai AFTER INSERT ON {table} BEGIN {insert} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_ad AFTER DELETE ON {table} BEGIN {delete} END",
        f"CREATE TRIGGER IF NOT EXISTS {name}_au AFTER UPDATE OF {column} ON {table} "
        f"BEGIN {delete} {insert} END",
        f"INSERT INTO {name}({name}) VALUES ('rebuild')",
    ]


def upgrade():
    op.create_table('thread_reads',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('last_post_id', sa.Integer(), nullable=False),
    sa.Column('read_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['thread_id'], ['threads.id'],
                            name=op.f('fk_thread_reads_thread_id_threads'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                            name=op.f('fk_thread_reads_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'thread_id', name=op.f('pk_thread_reads'))
    )
    op.create_index(op.f('ix_thread_reads_thread_id'), 'thread_reads', ['thread_id'])
    op.create_index('ix_threads_activity', 'threads', ['last_activity_at', 'id'])
    op.create_index('ix_posts_author', 'posts', ['author_id', 'id'])
    op.add_column('member_preferences', sa.Column('show_recent_posts', sa.Boolean(),
                                                  server_default=sa.false(), nullable=False))
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE INDEX ix_posts_search ON posts USING gin "
                   "(to_tsvector('english'::regconfig, body_source))")
        op.execute("CREATE INDEX ix_threads_search ON threads USING gin "
                   "(to_tsvector('english'::regconfig, title))")
    elif op.get_bind().dialect.name == 'sqlite':
        for name, table, column in _SEARCHED:
            for statement in _sqlite_search(name, table, column):
                op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX IF EXISTS ix_threads_search")
        op.execute("DROP INDEX IF EXISTS ix_posts_search")
    elif op.get_bind().dialect.name == 'sqlite':
        for name, _table, _column in _SEARCHED:
            for suffix in ("ai", "ad", "au"):
                op.execute(f"DROP TRIGGER IF EXISTS {name}_{suffix}")
            op.execute(f"DROP TABLE IF EXISTS {name}")
    # Plain drop_column (SQLite >= 3.35): a batch copy would lose expression indexes elsewhere.
    op.drop_column('member_preferences', 'show_recent_posts')
    op.drop_index('ix_posts_author', table_name='posts')
    op.drop_index('ix_threads_activity', table_name='threads')
    op.drop_index(op.f('ix_thread_reads_thread_id'), table_name='thread_reads')
    op.drop_table('thread_reads')
