"""Client users see their own client's matters and only what is meant for them."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from casefile.correspondence.forms import ClientMessageForm
from casefile.correspondence.queries import matter_correspondence
from casefile.correspondence.services import log_client_message
from casefile.documents.models import Document
from casefile.documents.queries import matter_documents
from casefile.documents.store import document_store
from casefile.documents.views import send_document
from casefile.domain.balance import Component
from casefile.domain.errors import CasefileError
from casefile.domain.paging import Page
from casefile.domain.parties import DebtType
from casefile.domain.receivables import CASEFILE_COLUMNS
from casefile.extensions import db
from casefile.intake import imports as imports_service
from casefile.intake.forms import (
    ColumnMappingForm,
    ExportUploadForm,
    PlaceExportForm,
    PlacementForm,
)
from casefile.intake.imports import MAX_EXPORT_BYTES
from casefile.intake.models import ImportBatch
from casefile.intake.placements import place_matter
from casefile.ledger.queries import matter_balance
from casefile.matters.forms import invoice_rows
from casefile.matters.models import Matter
from casefile.matters.queries import invoice_totals, last_activity
from casefile.resolution.views import decision_forms
from casefile.trust import queries as trust_queries
from casefile.trust.views import download_statement, load_remittance
from casefile.types import utcnow
from casefile.web.access import client_only
from casefile.web.downloads import attachment
from casefile.web.helpers import current_actor, page_number, saved, today

bp = Blueprint("portal", __name__, url_prefix="/portal")
PAGE_SIZE = 25


@bp.route("/")
@client_only
def index():
    mine = Matter.client_id == current_user.client_id
    number = page_number()
    total = db.session.scalar(select(func.count(Matter.id)).where(mine))
    matters = db.session.scalars(
        select(Matter)
        .where(mine)
        .order_by(Matter.placed_on.desc(), Matter.id.desc())
        .limit(PAGE_SIZE)
        .offset((number - 1) * PAGE_SIZE)
    ).all()
    ids = [m.id for m in matters]
    return render_template(
        "portal/index.html",
        page=Page(matters, number, PAGE_SIZE, total),
        totals=invoice_totals(ids),
        last_activity=last_activity(ids),
    )


@bp.route("/matters/<int:matter_id>")
@client_only
def matter(matter_id: int):
    found = db.session.scalar(
        select(Matter)
        .where(Matter.id == matter_id, Matter.client_id == current_user.client_id)
        .options(selectinload(Matter.invoices), selectinload(Matter.stage_events))
    )
    if found is None:
        abort(404)
    owed = matter_balance(found, today())
    return render_template(
        "portal/matter.html",
        message_form=ClientMessageForm(),
        documents=matter_documents(found.id, client_view=True),
        messages=matter_correspondence(found.id, client_view=True),
        matter=found,
        total_cents=sum(i.amount_cents for i in found.invoices),
        owed=owed,
        Component=Component,
        approvals=decision_forms(found.id),
    )


@bp.post("/matters/<int:matter_id>/messages")
@client_only
def send_message(matter_id: int):
    found = db.get_or_404(Matter, matter_id)  # the access gate has checked it is theirs
    form = ClientMessageForm()
    if not form.validate_on_submit():
        for errors in form.errors.values():
            flash(errors[0], "error")
    else:
        try:
            log_client_message(found, form.body.data, current_actor(), utcnow())
        except CasefileError as error:
            flash(error.message, "error")
        else:
            flash("Message sent to the firm.", "success")
    return redirect(url_for("portal.matter", matter_id=found.id, _anchor="updates"))


@bp.route("/remittances")
@client_only
def remittances():
    return render_template(
        "portal/remittances.html", remittances=trust_queries.remittances_of(current_user.client_id)
    )


@bp.route("/remittances/<int:remittance_id>")
@client_only
def remittance(remittance_id: int):
    found = load_remittance(remittance_id, current_user.client_id)
    return render_template("trust/statement.html", remittance=found, portal=True)


@bp.route("/remittances/<int:remittance_id>/statement.docx")
@client_only
def statement_word(remittance_id: int):
    return download_statement(load_remittance(remittance_id, current_user.client_id), "docx")


@bp.route("/remittances/<int:remittance_id>/statement.csv")
@client_only
def statement_spreadsheet(remittance_id: int):
    return download_statement(load_remittance(remittance_id, current_user.client_id), "csv")


@bp.get("/imports")
@client_only
def imports():
    return _imports_page(ExportUploadForm(formdata=None))


@bp.post("/imports")
@client_only
def upload_export():
    form = ExportUploadForm()
    if form.validate_on_submit():
        upload = form.file.data
        outcome = []
        data = upload.read(MAX_EXPORT_BYTES + 1)
        if saved(
            form,
            lambda: outcome.append(
                imports_service.upload_export(upload.filename or "", data, current_actor(), today())
            ),
        ):
            return redirect(url_for("portal.import_preview", import_id=outcome[0].id))
    return _imports_page(form), 200


def _imports_page(form: ExportUploadForm):
    batches = db.session.scalars(
        select(ImportBatch)
        .where(ImportBatch.client_id == current_user.client_id)
        .order_by(ImportBatch.id.desc())
        .limit(100)
    ).all()
    return render_template(
        "portal/imports.html", form=form, batches=batches, columns=CASEFILE_COLUMNS
    )


@bp.get("/imports/template.csv")
@client_only
def import_template():
    sample = (
        ",".join(CASEFILE_COLUMNS)
        + "\r\nHarborview Dental Group LLC,INV-1040,2026-08-15,2026-09-29,15685.26,USD,business,"
        "ap@harborview.example,(212) 555-0140\r\n"
    )
    return attachment(sample.encode(), "text/csv", "casefile-placements-template.csv")


@bp.get("/imports/<int:import_id>")
@client_only
def import_preview(import_id: int):
    batch = _own_batch(import_id)
    if batch.dialect == "unmapped":
        return redirect(url_for("portal.import_columns", import_id=batch.id))
    return render_template(
        "portal/import_preview.html",
        batch=batch,
        found=imports_service.preview(batch, today()),
        form=PlaceExportForm(formdata=None),
    )


@bp.route("/imports/<int:import_id>/columns", methods=["GET", "POST"])
@client_only
def import_columns(import_id: int):
    batch = _own_batch(import_id)
    names = imports_service.column_headers(batch)
    form = ColumnMappingForm().fill(names)
    if form.validate_on_submit() and saved(
        form, lambda: imports_service.set_mapping(batch, form.mapping(), current_actor(), today())
    ):
        return redirect(url_for("portal.import_preview", import_id=batch.id))
    return render_template("portal/import_columns.html", batch=batch, form=form, names=names)


@bp.post("/imports/<int:import_id>/place")
@client_only
def place_export(import_id: int):
    batch = _own_batch(import_id)
    form = PlaceExportForm()
    placed = []
    if form.validate_on_submit() and saved(
        form,
        lambda: placed.extend(
            imports_service.place_export(
                batch,
                DebtType(form.debt_type.data),
                form.jurisdiction.data,
                current_actor(),
                today(),
            )
        ),
    ):
        flash(
            f"{len(placed)} matter(s) placed for review: "
            + ", ".join(m.reference for m in placed[:10])
            + (" …" if len(placed) > 10 else ""),
            "success",
        )
        return redirect(url_for("portal.imports"))
    return redirect(url_for("portal.import_preview", import_id=batch.id))


def _own_batch(import_id: int) -> ImportBatch:
    batch = db.session.scalar(
        select(ImportBatch).where(
            ImportBatch.id == import_id, ImportBatch.client_id == current_user.client_id
        )
    )
    if batch is None:
        abort(404)
    return batch


@bp.route("/placements/new", methods=["GET", "POST"])
@client_only
def new_placement():
    form = PlacementForm()
    if form.validate_on_submit():
        try:
            matter = place_matter(
                form.matter_data(current_user.client_id, today()),
                form.debtor_data(),
                invoice_rows(form),
                form.terms(),
                form.uploads(),
                current_actor(),
                today(),
                document_store(),
            )
        except CasefileError as error:
            form.show_error(error)
        else:
            flash(
                f"Placed as {matter.reference}. The firm will review it and you will see it "
                "move to Open here.",
                "success",
            )
            return redirect(url_for("portal.matter", matter_id=matter.id))
    form.ask_for_files_again()
    return render_template("portal/placement.html", form=form)


@bp.get("/documents/<int:document_id>")
@client_only
def document(document_id: int):
    found = db.session.scalar(
        select(Document).where(
            Document.id == document_id,
            Document.client_id == current_user.client_id,
            Document.client_visible.is_(True),
        )
    )
    if found is None:
        abort(404)
    return send_document(found)
