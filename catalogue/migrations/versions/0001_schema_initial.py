"""Schema of the catalogue before migrations existed (what `create_all` made): the baseline.

A database created before migrations (tables, no `alembic_version`) is recorded at this revision
by `catalogue db upgrade`, then upgraded.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('echec_connexion',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('courriel', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('quand', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('echec_connexion', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_echec_connexion_courriel'), ['courriel'], unique=False)

    op.create_table('import_run',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=False),
    sa.Column('fichiers', sa.JSON(), nullable=False),
    sa.Column('dry_run', sa.Boolean(), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('debut', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('fin', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('compteurs', sa.JSON(), nullable=False),
    sa.Column('message', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('programme',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('proprietaire', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('libelle', sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
    sa.Column('code_commune', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=False),
    sa.Column('publics', sa.JSON(), nullable=False),
    sa.Column('freins', sa.JSON(), nullable=False),
    sa.Column('freins_ailleurs', sa.JSON(), nullable=False),
    sa.Column('debut', sa.Date(), nullable=False),
    sa.Column('nombre_semaines', sa.Integer(), nullable=False),
    sa.Column('cible_heures', sa.Float(), nullable=False),
    sa.Column('parcours', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('motif_reduction', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
    sa.Column('indisponibilites', sa.JSON(), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('modele_id', sa.Integer(), nullable=True),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('modifie_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_proprietaire'), ['proprietaire'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_statut'), ['statut'], unique=False)

    op.create_table('structure',
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('source_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('premiere_vue', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('derniere_vue', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('brut', sa.JSON(), nullable=True),
    sa.Column('empreinte', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('modifie_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('date_maj', sa.Date(), nullable=False),
    sa.Column('description', sa.Text(), nullable=True),
    sa.Column('lien_source', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('siret', sqlmodel.sql.sqltypes.AutoString(length=14), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('code_insee', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('complement_adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('courriel', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('site_web', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('horaires_accueil', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('accessibilite_lieu', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('reseaux_porteurs', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_structure_code_insee'), ['code_insee'], unique=False)
        batch_op.create_index(batch_op.f('ix_structure_siret'), ['siret'], unique=False)
        batch_op.create_index(batch_op.f('ix_structure_source'), ['source'], unique=False)

    op.create_table('utilisateur',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('courriel', sqlmodel.sql.sqltypes.AutoString(length=254), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('hash_mot_de_passe', sqlmodel.sql.sqltypes.AutoString(length=255), nullable=False),
    sa.Column('role', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('departements', sa.JSON(), nullable=False),
    sa.Column('actif', sa.Boolean(), nullable=False),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('derniere_connexion', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_utilisateur_courriel'), ['courriel'], unique=True)

    op.create_table('import_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('record_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=True),
    sa.Column('lieu', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('status', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('errors', sa.JSON(), nullable=False),
    sa.Column('warnings', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['run_id'], ['import_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('import_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_import_item_run_id'), ['run_id'], unique=False)

    op.create_table('modification',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('objet_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('quand', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('origine', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('auteur_id', sa.Integer(), nullable=True),
    sa.Column('changements', sa.JSON(), nullable=False),
    sa.Column('commentaire', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['auteur_id'], ['utilisateur.id'], ),
    sa.ForeignKeyConstraint(['run_id'], ['import_run.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('modification', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_modification_objet_id'), ['objet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_modification_run_id'), ['run_id'], unique=False)

    op.create_table('non_doublon',
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('id_a', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('id_b', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('par', sa.Integer(), nullable=True),
    sa.Column('le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['par'], ['utilisateur.id'], ),
    sa.PrimaryKeyConstraint('objet', 'id_a', 'id_b')
    )
    op.create_table('offer',
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
    sa.Column('source_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('premiere_vue', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('derniere_vue', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('brut', sa.JSON(), nullable=True),
    sa.Column('empreinte', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('modifie_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('structure_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('nom', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('lien_source', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('date_maj', sa.Date(), nullable=False),
    sa.Column('type', sqlmodel.sql.sqltypes.AutoString(length=50), nullable=True),
    sa.Column('thematiques', sa.JSON(), nullable=True),
    sa.Column('frais', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
    sa.Column('frais_precisions', sa.Text(), nullable=True),
    sa.Column('publics', sa.JSON(), nullable=True),
    sa.Column('publics_precisions', sa.Text(), nullable=True),
    sa.Column('conditions_acces', sa.Text(), nullable=True),
    sa.Column('commune', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('code_postal', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('code_insee', sqlmodel.sql.sqltypes.AutoString(length=5), nullable=True),
    sa.Column('adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('complement_adresse', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('telephone', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('courriel', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('modes_accueil', sa.JSON(), nullable=True),
    sa.Column('zone_eligibilite', sa.JSON(), nullable=True),
    sa.Column('contact_nom_prenom', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('lien_mobilisation', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('modes_mobilisation', sa.JSON(), nullable=True),
    sa.Column('mobilisable_par', sa.JSON(), nullable=True),
    sa.Column('mobilisation_precisions', sa.Text(), nullable=True),
    sa.Column('volume_horaire_hebdomadaire', sa.Float(), nullable=True),
    sa.Column('nombre_semaines', sa.Integer(), nullable=True),
    sa.Column('horaires_accueil', sqlmodel.sql.sqltypes.AutoString(), nullable=True),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('score_qualite', sa.Float(), nullable=True),
    sa.Column('criteres_qualite', sa.JSON(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['structure_id'], ['structure.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_offer_code_insee'), ['code_insee'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_date_maj'), ['date_maj'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_source'), ['source'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_statut'), ['statut'], unique=False)
        batch_op.create_index(batch_op.f('ix_offer_structure_id'), ['structure_id'], unique=False)

    op.create_table('programme_activite',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('offer_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=True),
    sa.Column('libelle', sqlmodel.sql.sqltypes.AutoString(length=150), nullable=True),
    sa.Column('creneaux', sa.JSON(), nullable=False),
    sa.Column('semaine_debut', sa.Integer(), nullable=False),
    sa.Column('semaine_fin', sa.Integer(), nullable=True),
    sa.Column('heures_saisies', sa.Float(), nullable=True),
    sa.Column('freins', sa.JSON(), nullable=False),
    sa.Column('raison', sa.Text(), nullable=True),
    sa.Column('service_importe', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['programme_id'], ['programme.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('programme_activite', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_activite_offer_id'), ['offer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_programme_activite_programme_id'), ['programme_id'], unique=False)

    op.create_table('redirection',
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('ancien_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('nouvel_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('par', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['par'], ['utilisateur.id'], ),
    sa.PrimaryKeyConstraint('objet', 'ancien_id')
    )
    op.create_table('revue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('objet_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('nature', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('statut', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('run_id', sa.Integer(), nullable=True),
    sa.Column('cree_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
    sa.Column('traitee_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('traitee_par', sa.Integer(), nullable=True),
    sa.Column('avant', sa.JSON(), nullable=True),
    sa.Column('proposee', sa.JSON(), nullable=True),
    sa.Column('importee', sa.JSON(), nullable=True),
    sa.Column('empreinte', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('brut', sa.JSON(), nullable=True),
    sa.Column('motif', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['run_id'], ['import_run.id'], ),
    sa.ForeignKeyConstraint(['traitee_par'], ['utilisateur.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('revue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_revue_objet_id'), ['objet_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revue_run_id'), ['run_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_revue_statut'), ['statut'], unique=False)

    op.create_table('suivi_curation',
    sa.Column('objet', sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
    sa.Column('objet_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('frequence_maj_mois', sa.Integer(), nullable=True),
    sa.Column('edite_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.Column('edite_par', sa.Integer(), nullable=True),
    sa.Column('empreinte_import', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('donnees_import', sa.JSON(), nullable=True),
    sa.Column('empreinte_attente', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('confirme_le', sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['edite_par'], ['utilisateur.id'], ),
    sa.PrimaryKeyConstraint('objet', 'objet_id')
    )
    op.create_table('offer_tag',
    sa.Column('offer_id', sqlmodel.sql.sqltypes.AutoString(length=250), nullable=False),
    sa.Column('champ', sqlmodel.sql.sqltypes.AutoString(length=30), nullable=False),
    sa.Column('valeur', sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
    sa.ForeignKeyConstraint(['offer_id'], ['offer.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('offer_id', 'champ', 'valeur'),
    sqlite_with_rowid=False
    )
    with op.batch_alter_table('offer_tag', schema=None) as batch_op:
        batch_op.create_index('ix_offer_tag_champ_valeur', ['champ', 'valeur'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('offer_tag', schema=None) as batch_op:
        batch_op.drop_index('ix_offer_tag_champ_valeur')

    op.drop_table('offer_tag')
    op.drop_table('suivi_curation')
    with op.batch_alter_table('revue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_revue_statut'))
        batch_op.drop_index(batch_op.f('ix_revue_run_id'))
        batch_op.drop_index(batch_op.f('ix_revue_objet_id'))

    op.drop_table('revue')
    op.drop_table('redirection')
    with op.batch_alter_table('programme_activite', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_activite_programme_id'))
        batch_op.drop_index(batch_op.f('ix_programme_activite_offer_id'))

    op.drop_table('programme_activite')
    with op.batch_alter_table('offer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_offer_structure_id'))
        batch_op.drop_index(batch_op.f('ix_offer_statut'))
        batch_op.drop_index(batch_op.f('ix_offer_source'))
        batch_op.drop_index(batch_op.f('ix_offer_date_maj'))
        batch_op.drop_index(batch_op.f('ix_offer_code_insee'))

    op.drop_table('offer')
    op.drop_table('non_doublon')
    with op.batch_alter_table('modification', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_modification_run_id'))
        batch_op.drop_index(batch_op.f('ix_modification_objet_id'))

    op.drop_table('modification')
    with op.batch_alter_table('import_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_import_item_run_id'))

    op.drop_table('import_item')
    with op.batch_alter_table('utilisateur', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_utilisateur_courriel'))

    op.drop_table('utilisateur')
    with op.batch_alter_table('structure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_structure_source'))
        batch_op.drop_index(batch_op.f('ix_structure_siret'))
        batch_op.drop_index(batch_op.f('ix_structure_code_insee'))

    op.drop_table('structure')
    with op.batch_alter_table('programme', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_statut'))
        batch_op.drop_index(batch_op.f('ix_programme_proprietaire'))

    op.drop_table('programme')
    op.drop_table('import_run')
    with op.batch_alter_table('echec_connexion', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_echec_connexion_courriel'))

    op.drop_table('echec_connexion')
