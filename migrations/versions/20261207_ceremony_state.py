"""A project's running ceremony reveal is kept in the database, not in one process

Revision ID: 5c2a9e7d1b40
Revises: 9b3e6d1f4a27
Create Date: 2026-12-07 20:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5c2a9e7d1b40'
down_revision = '9b3e6d1f4a27'
branch_labels = None
depends_on = None


def upgrade():
    # A reveal running in a process at upgrade time is lost with the restart, as before.
    op.create_table(
        'project_ceremonies',
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('mode', sa.String(length=32), nullable=False),
        sa.Column('step', sa.Integer(), nullable=False),
        sa.Column('order', sa.JSON(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_project_ceremonies_project_id_projects')),
        sa.PrimaryKeyConstraint('project_id', name=op.f('pk_project_ceremonies')),
    )


def downgrade():
    op.drop_table('project_ceremonies')
