"""organizing bodies (region code, site serial, active), judge qualifications, tie ids

Revision ID: 3f1d2a9c7b10
Revises: 20261206_rules
Create Date: 2026-12-06 22:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3f1d2a9c7b10'
down_revision = '20261206_rules'
branch_labels = None
depends_on = None


def upgrade():
    # server defaults let existing rows take the NOT NULL columns.
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('region_code', sa.String(length=6), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('site_serial', sa.String(length=6), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('active', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
    with op.batch_alter_table('tie_break_orders', schema=None) as batch_op:
        batch_op.add_column(sa.Column('tie_ids', sa.JSON(), nullable=True))
    op.create_table(
        'judge_qualifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('level', sa.String(length=32), nullable=False),
        sa.Column('certificate_no', sa.String(length=40), nullable=False),
        sa.Column('expires_on', sa.Date(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_judge_qualifications_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_judge_qualifications')),
        sa.UniqueConstraint('person_id', name=op.f('uq_judge_qualifications_person_id')),
    )


def downgrade():
    op.drop_table('judge_qualifications')
    with op.batch_alter_table('tie_break_orders', schema=None) as batch_op:
        batch_op.drop_column('tie_ids')
    with op.batch_alter_table('organizations', schema=None) as batch_op:
        batch_op.drop_column('active')
        batch_op.drop_column('site_serial')
        batch_op.drop_column('region_code')
