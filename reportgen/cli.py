"""The ``reportgen`` command line.

Exit codes are a contract (DESIGN.md): ``check`` exits 0 when no objection is
found, 1 when there are objections, 2 when the input is invalid or unreadable.
``InvalidCase`` is caught once, here, and printed as ``field.path: message``
lines on standard error.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from typing import Any, NoReturn

import click
import yaml

from reportgen.rules import check as run_rules
from reportgen.rules import registry
from reportgen.rules.base import Finding, Rule
from reportgen.rules.examples import cases_for
from reportgen.schema import InvalidCase
from reportgen.sources import read_case

EXIT_OK, EXIT_OBJECTIONS, EXIT_INVALID = 0, 1, 2


def fail_invalid(err: InvalidCase) -> NoReturn:
    for path, message in err.problems:
        click.echo(f"{path}: {message}", err=True)
    sys.exit(EXIT_INVALID)


def load_or_exit(source: str) -> dict[str, Any]:
    try:
        return read_case(source)
    except InvalidCase as err:
        fail_invalid(err)


def findings_json(findings: list[Finding]) -> str:
    return json.dumps([f.as_dict() for f in findings], ensure_ascii=False, indent=2)


def findings_text(case: dict[str, Any], findings: list[Finding]) -> str:
    counts = {s: sum(1 for f in findings if f.severity == s) for s in ("object", "warn", "info")}
    number = (case.get("court") or {}).get("case_number") or "(no case number)"
    lines = [
        f"Case {number}: {counts['object']} objection(s), {counts['warn']} warning(s), {counts['info']} note(s)",
    ]
    labels = {"object": "OBJECTION", "warn": "WARNING", "info": "NOTE"}
    for f in findings:
        lines.append("")
        lines.append(f"{labels[f.severity]:<9}  {f.code}  {f.name}")
        lines.append(f"           {f.message}")
        lines.append(f"           Citation: {f.citation}")
        lines.append(f"           Fields: {', '.join(f.fields)}")
    if not findings:
        lines.append("No findings: every rule in the catalogue is satisfied.")
    return "\n".join(lines)


def parse_day(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; write it as YYYY-MM-DD") from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="reportgen")
def main() -> None:
    """Draft and check California juvenile dependency disposition reports."""
    from reportgen.untrusted.scratch import remove_stale

    remove_stale()  # uploads left by readers that were killed (issue 16)


@main.command()
@click.argument("case_source", metavar="CASE")
@click.option("--json", "as_json", is_flag=True, help="Print findings as JSON.")
def check(case_source: str, as_json: bool) -> None:
    """Validate CASE (JSON file, '-' for standard input, or a reportgen PDF/DOCX)
    and list every finding, objections first."""
    case = load_or_exit(case_source)
    findings = run_rules(case)
    click.echo(findings_json(findings) if as_json else findings_text(case, findings))
    sys.exit(EXIT_OBJECTIONS if any(f.severity == "object" for f in findings) else EXIT_OK)


def rule_summary(r: Rule) -> dict[str, Any]:
    return {
        "code": r.code,
        "name": r.slug,
        "severity": r.severity,
        "basis": r.basis,
        "citation": r.citation,
        "message": r.message,
        "fields": list(r.fields),
    }


def rule_detail_text(r: Rule) -> str:
    sections = r.doc_sections()
    out = [
        f"{r.code} {r.slug}",
        f"Severity: {r.severity}    Basis: {r.basis}{'    Citation unverified' if r.unverified else ''}",
        "",
        f"Message: {r.message}",
        f"Fields: {', '.join(r.fields)}",
    ]
    for heading in ("What it checks", "Why it matters", "How to fix"):
        out += ["", heading, *("  " + line for line in sections.get(heading, "").splitlines())]
    out += ["", "References", f"  {r.citation}"]
    cases = cases_for(r.code)
    for triggers, title in ((True, "Example that triggers it"), (False, "Example that does not")):
        example = next((c for c in cases if c.triggers is triggers and c.overlay), None)
        if example is None:
            continue
        fragment = yaml.safe_dump(example.overlay, allow_unicode=True, sort_keys=False).rstrip()
        out += ["", f"{title} ({example.name}): {example.description}"]
        out += ["  " + line for line in fragment.splitlines()]
    out += ["", "Examples are overlays on the complete example case, taken from the rule's test cases."]
    return "\n".join(out)


@main.command()
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
def rules(code: str | None, as_json: bool) -> None:
    """List the rule catalogue, or show one rule in full with its examples."""
    reg = registry()
    if code:
        r = reg.get(code)
        if r is None:
            click.echo(f"{code}: no such rule; run 'reportgen rules' for the list", err=True)
            sys.exit(EXIT_INVALID)
        if as_json:
            detail = rule_summary(r) | {"doc": r.doc_sections(), "unverified": r.unverified}
            detail["examples"] = [
                {"name": c.name, "description": c.description, "triggers": c.triggers, "overlay": c.overlay}
                for c in cases_for(r.code)
            ]
            click.echo(json.dumps(detail, ensure_ascii=False, indent=2, default=str))
        else:
            click.echo(rule_detail_text(r))
        return
    if as_json:
        click.echo(json.dumps([rule_summary(r) for r in reg], ensure_ascii=False, indent=2))
        return
    for r in reg:
        click.echo(f"{r.code}  {r.severity:<6}  {r.slug:<36}  {r.citation}")
    click.echo(f"\n{len(reg)} rules. 'reportgen rules CODE' shows one in full.")


@main.command()
@click.argument("case_source", metavar="CASE")
@click.option("--json", "as_json", is_flag=True, help="Print the dates as JSON.")
@click.option("--as-of", "as_of", default=None, metavar="YYYY-MM-DD",
              help="Judge 'already past' against this date instead of the report's date.")
def timeline(case_source: str, as_json: bool, as_of: str | None) -> None:
    """Print the statutory dates for CASE, with their citations."""
    from reportgen.timeline import compute
    from reportgen.timeline_format import format_text

    day = parse_day(as_of)
    case = load_or_exit(case_source)
    entries = compute(case, as_of=day)
    if as_json:
        click.echo(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
    else:
        click.echo(format_text(entries))


def _register_optional_commands() -> None:
    """Commands that live beside their feature (render, review, verify, serve)."""
    import importlib

    for module, attr in (
        ("reportgen.render.command", "render_command"),
        ("reportgen.web.command", "serve_command"),
        ("reportgen.review.command", "review_command"),
        ("reportgen.intake.command", "verify_command"),
        ("reportgen.intake.command", "intake_command"),
    ):
        try:
            command = getattr(importlib.import_module(module), attr)
        except ModuleNotFoundError as err:
            if err.name and module.startswith(err.name):
                continue  # feature not built in this checkout
            raise
        main.add_command(command)


_register_optional_commands()


if __name__ == "__main__":  # pragma: no cover
    main()
