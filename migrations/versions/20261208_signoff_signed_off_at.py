"""When the chief judge signed off a project's locked results (签核)

Revision ID: 8d4f2b6a9c13
Revises: 5c2a9e7d1b40
Create Date: 2026-12-08 10:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '8d4f2b6a9c13'
down_revision = '5c2a9e7d1b40'
branch_labels = None
depends_on = None


def upgrade():
    # No use case wrote signed_off_by_id before this revision: no time to fill in for old rows.
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_off_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('signed_off_at')
