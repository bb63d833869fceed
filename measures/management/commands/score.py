import csv
import io
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from measures import registry
from measures.definitions import Definition, DefinitionError
from measures.scoring import Result, ScoringError, score


class Command(BaseCommand):
    help = (
        "Score a CSV of completed questionnaires (one row each, columns named by item id), or one "
        "questionnaire given with --answers. Exits 1 if any row could not be scored."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("instrument", help="an instrument id (phq9, gad7, …) or a definition file")
        parser.add_argument("csv_file", nargs="?", help="CSV with a header row of item ids")
        parser.add_argument("--output", help="write the scored CSV here instead of to standard output")
        parser.add_argument(
            "--answers", help="one questionnaire: values in item order (1,0,2,…) or id=value pairs; prints JSON"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        definition = _definition(options["instrument"])
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
                rows = list(csv.reader(handle))
        except (OSError, UnicodeDecodeError, csv.Error) as exc:
            raise CommandError(f"{path.name} cannot be read: {exc}") from None
        if not rows:
            raise CommandError(f"{path.name} is empty; it needs a header row of item ids.")
        header, body = rows[0], rows[1:]
        item_columns = [name for name in header if name in definition.item_map]
        if not item_columns:
            raise CommandError(f"{path.name} has no column named after an item of {definition.short_name}.")
        added = result_columns(definition)
        if clashes := [name for name in added if name in header]:
            raise CommandError(f"{path.name} already has column(s) {', '.join(clashes)}; rename them first.")

        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(header + added)
        failed = 0
        for number, row in enumerate(body, start=1):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                failed += 1
                self.stderr.write(f"row {number}: has {len(row)} values but the header has {len(header)} columns")
                continue
            answers = {name: value for name, value in zip(header, row, strict=True) if name in item_columns}
            try:
                result = score(definition, answers)
            except ScoringError as exc:
                failed += 1
                self.stderr.write(f"row {number}: {'; '.join(exc.problems)}")
                continue
            writer.writerow(row + result_cells(definition, result))
        if output:
            Path(output).write_text(buffer.getvalue(), encoding="utf-8")
        else:
            self.stdout.write(buffer.getvalue(), ending="")
        if failed:
            raise CommandError(f"{failed} row(s) could not be scored; the others were.", returncode=1)


def _definition(name: str) -> Definition:
    path = Path(name)
    if path.suffix in registry.SUFFIXES and path.is_file():
        try:
            return registry.load_file(path)
        except DefinitionError as exc:
            raise CommandError(str(exc)) from None
    try:
        return registry.get(name)
    except registry.UnknownInstrument as exc:
        problems = registry.catalogue().problems
        raise CommandError("\n".join([str(exc), *problems])) from None


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
