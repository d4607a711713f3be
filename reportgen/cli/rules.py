"""``reportgen rules [CODE] [--json]``: the rule catalogue, or one rule in full."""

from __future__ import annotations

import json
from typing import Any

import click
import yaml

from reportgen.cli.errors import Command, Stop
from reportgen.rules import registry
from reportgen.rules.base import Rule
from reportgen.rules.examples import cases_for


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


@click.command("rules", cls=Command)
@click.argument("code", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print the catalogue as JSON.")
def rules(code: str | None, as_json: bool) -> None:
    """List the rule catalogue, or show one rule in full with its examples."""
    reg = registry()
    if code:
        r = reg.get(code)
        if r is None:
            raise Stop(f"{code}: no such rule; run 'reportgen rules' for the list")
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
