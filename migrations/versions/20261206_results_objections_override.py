"""results: objections (异议) beside appeals, the administrator's early-finalise reason, and
each entry result's explanation

Revision ID: 20261206results
Revises: 5ec0a4d17c21
Create Date: 2026-12-06 23:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '20261206results'
down_revision = '5ec0a4d17c21'
branch_labels = None
depends_on = None


def upgrade():
    # server defaults let existing rows take the NOT NULL columns: every stored appeal is a
    # score appeal (申诉), and no project was finalised early.
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('kind', sa.String(length=32), nullable=False,
                                      server_default='APPEAL'))
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('finalize_override_reason', sa.String(length=500),
                                      nullable=False, server_default=''))
    # Filled by the next finalisation; '{}' until then.
    with op.batch_alter_table('entry_results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('explanation', sa.JSON(), nullable=False,
                                      server_default=sa.text("'{}'")))


def downgrade():
    with op.batch_alter_table('entry_results', schema=None) as batch_op:
        batch_op.drop_column('explanation')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('finalize_override_reason')
    with op.batch_alter_table('appeals', schema=None) as batch_op:
        batch_op.drop_column('kind')
