"""handle skeleton

users.handle_skeleton: what a handle looks like at a glance (confusable letters and digits
folded, separators dropped), indexed, so a handle that passes for another member's is refused.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29

Written by hand. The column is nullable and added with a plain ALTER TABLE, so SQLite never
copies the users table (which would lose the lower(handle) expression index). Existing rows
are given their skeleton by the application (services.handles.fill_missing_keys, run before
any handle is compared), since the skeleton is the application's function and a migration
never imports it.
"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('users', sa.Column('handle_skeleton', sa.String(length=64), nullable=True))
    op.create_index(op.f('ix_users_handle_skeleton'), 'users', ['handle_skeleton'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_users_handle_skeleton'), table_name='users')
    op.drop_column('users', 'handle_skeleton')
