"""keyed audit chain: entry scheme column and the anchors table

Revision ID: 5ec0a4d17c21
Revises: aa8cebc102cb
Create Date: 2026-12-06 23:00:00

Existing entries keep their plain SHA-256 links and are marked scheme 'sha256': the migration
cannot know the audit key, so they stay a documented legacy segment at the start of the chain,
sealed by the first keyed entry (whose HMAC covers the last legacy hash).
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5ec0a4d17c21'
down_revision = 'aa8cebc102cb'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scheme', sa.String(length=8), nullable=False,
                                      server_default='sha256'))

    op.create_table('audit_anchors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('kind', sa.String(length=32), nullable=False),
    sa.Column('project_id', sa.Integer(), nullable=True),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('head_hash', sa.String(length=64), nullable=False),
    sa.Column('mac', sa.String(length=64), nullable=False),
    sa.ForeignKeyConstraint(['project_id'], ['projects.id'], name=op.f('fk_audit_anchors_project_id_projects')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_anchors'))
    )
    with op.batch_alter_table('audit_anchors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_anchors_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_anchors_project_id'), ['project_id'], unique=False)


def downgrade():
    with op.batch_alter_table('audit_anchors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audit_anchors_project_id'))
        batch_op.drop_index(batch_op.f('ix_audit_anchors_entry_id'))

    op.drop_table('audit_anchors')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_column('scheme')
