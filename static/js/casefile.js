// casefile: small progressive enhancements. Every page works without this file.
"use strict";

// Amounts are summed as integer cents parsed from text, never as floating point.
function toCents(text) {
  const cleaned = (text || "").replace(/[$,\s]/g, "");
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return parseInt(match[1], 10) * 100 + parseInt((match[2] || "0").padEnd(2, "0"), 10);
}

function formatCents(cents) {
  const whole = Math.floor(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return whole + "." + String(cents % 100).padStart(2, "0");
}

function updateInvoiceTotal() {
  const out = document.getElementById("invoice-total");
  if (!out) return;
  let total = 0;
  let bad = false;
  document.querySelectorAll("#invoice-rows input[name$='-amount']").forEach((input) => {
    if (!input.value.trim()) return;
    const cents = toCents(input.value);
    if (cents === null) bad = true; else total += cents;
  });
  out.textContent = bad ? "Check the amounts" : "Total " + formatCents(total);
}

function addInvoiceRow() {
  const body = document.querySelector("#invoice-rows tbody");
  const rows = body.querySelectorAll("tr.invoice-row");
  if (rows.length >= 50) return;
  const copy = rows[rows.length - 1].cloneNode(true);
  const index = rows.length;
  copy.querySelectorAll("input, select").forEach((el) => {
    el.name = el.name.replace(/invoices-\d+-/, "invoices-" + index + "-");
    el.id = el.name;
    if (el.tagName === "INPUT") el.value = "";
  });
  copy.querySelectorAll(".error").forEach((el) => el.remove());
  body.appendChild(copy);
}

function toggleOutcome() {
  const target = document.querySelector("#stage-form select[name='target']");
  const outcome = document.querySelector("#stage-form .outcome-field");
  if (!target || !outcome) return;
  outcome.hidden = target.value !== "closed";
}

document.addEventListener("DOMContentLoaded", () => {
  const add = document.getElementById("add-invoice-row");
  if (add) add.addEventListener("click", addInvoiceRow);
  const rows = document.getElementById("invoice-rows");
  if (rows) { rows.addEventListener("input", updateInvoiceTotal); updateInvoiceTotal(); }
  const target = document.querySelector("#stage-form select[name='target']");
  if (target) { target.addEventListener("change", toggleOutcome); toggleOutcome(); }
  document.querySelectorAll("select.autosubmit").forEach((select) => {
    select.addEventListener("change", () => select.form.submit());
  });
});
