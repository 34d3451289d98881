"""Accounts whose password someone else set must change it at the next log-in

Revision ID: 9b3e6d1f4a27
Revises: c0f1a7e5d2b9
Create Date: 2026-12-07 02:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '9b3e6d1f4a27'
down_revision = 'c0f1a7e5d2b9'
branch_labels = None
depends_on = None


def upgrade():
    # Existing accounts keep working as before: nobody is forced by the upgrade itself.
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('must_change_password')
