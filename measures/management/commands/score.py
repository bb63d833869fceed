import csv
import io
import json
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from measures import catalogue, registry
from measures.definitions import Definition, DefinitionError
from measures.scoring import Result, ScoringError, score
from practice.models import Practice

ERROR_COLUMN = "error"


class Command(BaseCommand):
    help = (
        "Score a CSV of completed questionnaires (one row each, columns named by item id), or one "
        "questionnaire given with --answers. Every row is written out; a row that cannot be scored gets "
        "empty results and the reason in the error column, and is reported on standard error by its line "
        "in the file (the header is line 1). Exits 1 if any row could not be scored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="an instrument id (phq9, gad7, …) or a definition file")
        parser.add_argument("csv_file", nargs="?", help="CSV with a header row of item ids")
        parser.add_argument("--output", help="write the scored CSV here instead of to standard output")
        parser.add_argument(
            "--answers", help="one questionnaire: values in item order (1,0,2,…) or id=value pairs; prints JSON"
        )
        parser.add_argument(
            "--practice",
            help="a practice's public id or exact name, to find the instruments it uploaded as well",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        definition = _definition(options["instrument"], options["practice"])
        if options["answers"] is not None:
            if options["csv_file"]:
                raise CommandError("Give either a CSV file or --answers, not both.")
            self._score_one(definition, options["answers"])
        elif options["csv_file"]:
            self._score_csv(definition, Path(options["csv_file"]), options["output"])
        else:
            raise CommandError("Give a CSV file to score, or --answers.")

    def _score_one(self, definition: Definition, text: str) -> None:
        try:
            result = score(definition, parse_answers(definition, text))
        except ScoringError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise CommandError("The answers could not be scored.", returncode=1) from None
        self.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False))

    def _score_csv(self, definition: Definition, path: Path, output: str | None) -> None:
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                rows = read_rows(handle)
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"{path.name} cannot be read: {exc}") from None
        if not rows:
            raise CommandError(f"{path.name} is empty; it needs a header row of item ids.")
        header, body = rows[0][1], rows[1:]
        item_columns = [name for name in header if name in definition.item_map]
        if not item_columns:
            raise CommandError(f"{path.name} has no column named after an item of {definition.short_name}.")
        added = [*result_columns(definition), ERROR_COLUMN]
        if clashes := [name for name in added if name in header]:
            raise CommandError(f"{path.name} already has column(s) {', '.join(clashes)}; rename them first.")

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header + added)
        failed = 0
        for line, row in body:
            cells, error = scored_cells(definition, header, row)
            if error:
                failed += 1
                self.stderr.write(f"line {line}: {error}")
            writer.writerow(output_row(header, row, cells, error))
        if output:
            Path(output).write_text(buffer.getvalue(), encoding="utf-8")
        else:
            self.stdout.write(buffer.getvalue(), ending="")
        if failed:
            raise CommandError(
                f"{failed} row(s) could not be scored; their error column says why. The others were scored.",
                returncode=1,
            )


def scored_cells(definition: Definition, header: list[str], row: list[str]) -> tuple[list[str], str]:
    """One row's result cells and error message; empty result cells for a blank row or one that fails."""
    empty = [""] * len(result_columns(definition))
    if not any(cell.strip() for cell in row):
        return empty, ""
    if len(row) != len(header):
        return empty, f"has {len(row)} values but the header has {len(header)} columns"
    answers = {name: value for name, value in zip(header, row, strict=True) if name in definition.item_map}
    try:
        return result_cells(definition, score(definition, answers)), ""
    except ScoringError as exc:
        return empty, "; ".join(exc.problems)


def output_row(header: list[str], row: list[str], cells: list[str], error: str) -> list[str]:
    """The input row, then its results and error, so output rows line up with input rows.

    A short row is padded to the header; values beyond the header are kept after the error column.
    """
    width = len(header)
    return row[:width] + [""] * (width - len(row)) + cells + [error] + row[width:]


def read_rows(handle: Iterable[str]) -> list[tuple[int, list[str]]]:
    """Each CSV row with the line of the file it starts on (a quoted value may span lines)."""
    reader = csv.reader(handle)
    rows = []
    line = 1
    for row in reader:
        rows.append((line, row))
        line = reader.line_num + 1
    return rows


def _definition(name: str, practice_ref: str | None) -> Definition:
    path = Path(name)
    if path.suffix in registry.SUFFIXES and path.is_file():
        try:
            return registry.load_file(path)
        except DefinitionError as exc:
            raise CommandError(str(exc)) from None
    if practice_ref is not None:
        practice = _practice(practice_ref)
        definitions = catalogue.definitions_for(practice)
        if name not in definitions:
            known = ", ".join(sorted(definitions))
            raise CommandError(f"{practice.name} has no instrument '{name}' (it has: {known}).")
        return definitions[name]
    try:
        return registry.get(name)
    except registry.UnknownInstrument as exc:
        problems = registry.catalogue().problems
        hint = "An instrument a practice uploaded is found with --practice."
        raise CommandError("\n".join([str(exc), hint, *problems])) from None


def _practice(ref: str) -> Practice:
    """The practice with this public id, or else with exactly this name."""
    try:
        by_id = Practice.objects.filter(public_id=uuid.UUID(ref)).first()
    except ValueError:
        by_id = None
    if by_id is not None:
        return by_id
    named = list(Practice.objects.filter(name=ref.strip())[:2])
    if len(named) > 1:
        raise CommandError(f"More than one practice is called '{ref}'; give its public id instead.")
    if not named:
        raise CommandError(f"No practice has the public id or name '{ref}'.")
    return named[0]


def parse_answers(definition: Definition, text: str) -> dict[str, str]:
    """`1,0,2` fills the choice items in order; `q9=1` names an item; an empty entry is unanswered."""
    choice_items = [item.id for item in definition.items if item.type == "choice"]
    entries = [entry.strip() for entry in text.split(",")]
    answers: dict[str, str] = {}
    positional = [entry for entry in entries if "=" not in entry]
    if len(positional) > len(choice_items):
        raise CommandError(
            f"{len(positional)} answers given, but {definition.short_name} has {len(choice_items)} questions."
        )
    for item_id, entry in zip(choice_items, positional, strict=False):
        answers[item_id] = entry
    for entry in entries:
        if "=" in entry:
            item_id, _, value = entry.partition("=")
            answers[item_id.strip()] = value.strip()
    return answers


def result_columns(definition: Definition) -> list[str]:
    columns = []
    for scale_id, scale in definition.scale_map.items():
        columns.append(scale_id)
        if scale.bands:
            columns.append(f"{scale_id}_band")
        if scale.cutoff:
            columns.append(f"{scale_id}_clinical")
    if definition.screen:
        columns.append("screen_result")
    if definition.critical_items or definition.screen:
        columns += ["critical", "alert_severity"]
    return columns


def result_cells(definition: Definition, result: Result) -> list[str]:
    scores = {s.id: s for s in (result.total, *result.subscales) if s is not None}
    cells = []
    for scale_id, scale in definition.scale_map.items():
        cells.append(str(scores[scale_id].score))
        if scale.bands:
            cells.append(scores[scale_id].band or "")
        if scale.cutoff:
            cells.append("yes" if scores[scale_id].clinical else "no")
    if definition.screen:
        cells.append(result.screen.result if result.screen else "")
    if definition.critical_items or definition.screen:
        cells.append(";".join(flag.code for flag in result.critical))
        cells.append(str(result.alert_severity or ""))
    return cells
