"""Session versions, one-time reset codes, token scopes and parents

Revision ID: 5ec0a7a11d06
Revises: 3f1d2a9c7b10
Create Date: 2026-12-06 23:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = '5ec0a7a11d06'
down_revision = '3f1d2a9c7b10'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_version', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('reset_code_digest', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('reset_code_expires_at', sa.DateTime(), nullable=True))

    # Tokens issued before scopes existed keep what they could do: read and write.
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scopes', sa.String(length=100), nullable=False,
                                      server_default='read write'))
        batch_op.add_column(sa.Column('parent_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_api_tokens_parent_id'), ['parent_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_api_tokens_parent_id_api_tokens'),
                                    'api_tokens', ['parent_id'], ['id'])


def downgrade():
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_api_tokens_parent_id_api_tokens'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_api_tokens_parent_id'))
        batch_op.drop_column('parent_id')
        batch_op.drop_column('scopes')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('reset_code_expires_at')
        batch_op.drop_column('reset_code_digest')
        batch_op.drop_column('session_version')
