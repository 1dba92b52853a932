"""The public referral page: a business that is not a client yet refers a matter."""

from flask import Blueprint, render_template, request

from casefile.documents.store import document_store
from casefile.domain.errors import CasefileError
from casefile.intake import referrals
from casefile.intake.forms import ReferralForm
from casefile.matters.forms import invoice_rows
from casefile.web.access import public
from casefile.web.helpers import today

bp = Blueprint("referrals", __name__, url_prefix="/refer")


@bp.route("/", methods=["GET", "POST"])
@public
def refer():
    form = ReferralForm()
    address = request.remote_addr or ""
    if form.validate_on_submit():
        if form.website.data:
            referrals.trap_sprung(address)
            return render_template("referrals/thanks.html", reference=None)
        try:
            matter = referrals.refer_matter(
                referrals.Referrer(
                    form.business.data,
                    form.contact_name.data,
                    form.email.data,
                    form.phone.data or "",
                    form.business_address.data or "",
                ),
                # the prospective client is created with the referral, hence no client id yet
                form.matter_data(0, today()),
                form.debtor_data(),
                invoice_rows(form),
                form.terms(),
                form.uploads(),
                address,
                today(),
                document_store(),
            )
        except CasefileError as error:
            form.show_error(error)
        else:
            return render_template("referrals/thanks.html", reference=matter.reference)
    form.ask_for_files_again()
    return render_template("referrals/refer.html", form=form)
