"""Rules as the notices write them: 直辖市 flag, once-a-year setting, team rule, occupation
ceiling, project age range and honour bar, grade evidence issuer, honours, coach names, unit
and coach awards with certificates; stored 天津 presets renamed to the 直辖市 codes.

Revision ID: 20261206_rules
Revises: 20261206results
Create Date: 2026-12-06 22:45:00

"""
from alembic import op
import sqlalchemy as sa


revision = '20261206_rules'
down_revision = '20261206results'
branch_labels = None
depends_on = None

MUNICIPALITIES = ('北京', '天津', '上海', '重庆')
RENAMED = {'MUNICIPAL_CLASS_1': 'MUNICIPALITY_CLASS_1',
           'MUNICIPAL_CLASS_2': 'MUNICIPALITY_CLASS_2'}


def upgrade():
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_municipality', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('once_a_year', sa.Boolean(), nullable=False,
                                      server_default=sa.true()))
        batch_op.add_column(sa.Column('team_rule', sa.String(length=32), nullable=False,
                                      server_default='BEST_K_RANKS'))
        batch_op.add_column(sa.Column('team_k', sa.Integer(), nullable=False,
                                      server_default='3'))
    with op.batch_alter_table('occupations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('top_grade', sa.String(length=32), nullable=False,
                                      server_default='L1'))
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_age', sa.Integer(), nullable=False,
                                      server_default='16'))
        batch_op.add_column(sa.Column('max_age', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('barred_honours', sa.JSON(), nullable=False,
                                      server_default='[]'))
    with op.batch_alter_table('person_grades', schema=None) as batch_op:
        batch_op.add_column(sa.Column('issuer', sa.String(length=100), nullable=False,
                                      server_default=''))
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('coach_name', sa.String(length=100), nullable=False,
                                      server_default=''))
    op.create_table(
        'person_honours',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('person_id', sa.Integer(), nullable=False),
        sa.Column('honour', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('year', sa.Integer(), nullable=False),
        sa.Column('issuer', sa.String(length=100), nullable=False),
        sa.Column('document_no', sa.String(length=64), nullable=False),
        sa.Column('occupation_id', sa.Integer(), nullable=True),
        sa.Column('recorded_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['occupation_id'], ['occupations.id'],
                                name=op.f('fk_person_honours_occupation_id_occupations')),
        sa.ForeignKeyConstraint(['person_id'], ['people.id'],
                                name=op.f('fk_person_honours_person_id_people')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_person_honours')),
    )
    with op.batch_alter_table('person_honours', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_person_honours_person_id'), ['person_id'],
                              unique=False)
    op.create_table(
        'unit_awards',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('competition_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=32), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=True),
        sa.Column('coach_name', sa.String(length=100), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=True),
        sa.Column('rank', sa.Integer(), nullable=True),
        sa.Column('score', sa.String(length=32), nullable=False),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['competition_id'], ['competitions.id'],
                                name=op.f('fk_unit_awards_competition_id_competitions')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_unit_awards_created_by_id_users')),
        sa.ForeignKeyConstraint(['organization_id'], ['organizations.id'],
                                name=op.f('fk_unit_awards_organization_id_organizations')),
        sa.ForeignKeyConstraint(['project_id'], ['projects.id'],
                                name=op.f('fk_unit_awards_project_id_projects')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_unit_awards')),
    )
    with op.batch_alter_table('unit_awards', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_awards_competition_id'), ['competition_id'],
                              unique=False)
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unit_award_id', sa.Integer(), nullable=True))
        batch_op.alter_column('registration_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_certificates_unit_award_id'), ['unit_award_id'],
                              unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_certificates_unit_award_id_unit_awards'),
                                    'unit_awards', ['unit_award_id'], ['id'])

    # Data: a 直辖市's competitions get the flag; stored 天津 presets take their new codes.
    competitions = sa.table('competitions', sa.column('region', sa.String),
                            sa.column('is_municipality', sa.Boolean))
    for city in MUNICIPALITIES:
        op.execute(competitions.update().where(competitions.c.region.like(f'{city}%'))
                   .values(is_municipality=True))
    projects = sa.table('projects', sa.column('promotion_preset', sa.String))
    for old, new in RENAMED.items():
        op.execute(projects.update().where(projects.c.promotion_preset == old)
                   .values(promotion_preset=new))


def downgrade():
    projects = sa.table('projects', sa.column('promotion_preset', sa.String))
    for old, new in RENAMED.items():
        op.execute(projects.update().where(projects.c.promotion_preset == new)
                   .values(promotion_preset=old))
    with op.batch_alter_table('certificates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_certificates_unit_award_id_unit_awards'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_certificates_unit_award_id'))
        batch_op.alter_column('registration_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('unit_award_id')
    with op.batch_alter_table('unit_awards', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_unit_awards_competition_id'))
    op.drop_table('unit_awards')
    with op.batch_alter_table('person_honours', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_person_honours_person_id'))
    op.drop_table('person_honours')
    with op.batch_alter_table('registrations', schema=None) as batch_op:
        batch_op.drop_column('coach_name')
    with op.batch_alter_table('person_grades', schema=None) as batch_op:
        batch_op.drop_column('issuer')
    with op.batch_alter_table('projects', schema=None) as batch_op:
        batch_op.drop_column('barred_honours')
        batch_op.drop_column('max_age')
        batch_op.drop_column('min_age')
    with op.batch_alter_table('occupations', schema=None) as batch_op:
        batch_op.drop_column('top_grade')
    with op.batch_alter_table('competitions', schema=None) as batch_op:
        batch_op.drop_column('team_k')
        batch_op.drop_column('team_rule')
        batch_op.drop_column('once_a_year')
        batch_op.drop_column('is_municipality')
