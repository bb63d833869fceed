import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

from lib.testing import WaymarkTestCase
from measures.models import LicensedInstrument
from measures.tests.support import EXAMPLES
from practice.models import Practice

PHQ9_CSV = """ref,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10
A-1,1,1,1,1,1,1,1,1,1,2
A-2,0,0,7,0,0,0,0,0,0,
A-3,3,3,3,3,3,3,3,3,0,3
A-4,0,0,0,0,0,0,0,0,0,
"""


class ScoreCommandTest(WaymarkTestCase):
    def setUp(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def csv(self, text: str) -> str:
        path = self.folder / "answers.csv"
        path.write_text(text, encoding="utf-8")
        return str(path)

    def run_score(self, *args: str) -> tuple[str, str]:
        out, err = StringIO(), StringIO()
        call_command("score", *args, stdout=out, stderr=err)
        return out.getvalue(), err.getvalue()

    def test_it_writes_every_row_and_reports_the_bad_one_by_its_line_in_the_file(self) -> None:
        out, err = StringIO(), StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("score", "phq9", self.csv(PHQ9_CSV), stdout=out, stderr=err)
        self.assertEqual(caught.exception.returncode, 1)
        # Line 3 of the file: the header is line 1, so this is the second questionnaire.
        self.assertEqual(err.getvalue(), "line 3: q3: 7 is not one of 0, 1, 2, 3\n")
        self.assertEqual(
            out.getvalue().splitlines(),
            [
                "ref,q1,q2,q3,q4,q5,q6,q7,q8,q9,q10,total,total_band,total_clinical,critical,alert_severity,error",
                "A-1,1,1,1,1,1,1,1,1,1,2,9,Mild,no,phq9_item9,urgent,",
                'A-2,0,0,7,0,0,0,0,0,0,,,,,,,"q3: 7 is not one of 0, 1, 2, 3"',
                "A-3,3,3,3,3,3,3,3,3,0,3,24,Severe,yes,,,",
                "A-4,0,0,0,0,0,0,0,0,0,,0,Minimal,no,,,",
            ],
        )

    def test_it_reports_a_row_with_too_many_values_and_keeps_them_after_the_error(self) -> None:
        text = "ref,q1,q2,q3,q4,q5,q6,q7\nB-1,0,0,0,0,0,0,0\nB-2,0,0,0,0,0,0,0,9\n"
        out, err = StringIO(), StringIO()
        with self.assertRaises(CommandError):
            call_command("score", "gad7", self.csv(text), stdout=out, stderr=err)
        self.assertEqual(err.getvalue(), "line 3: has 9 values but the header has 8 columns\n")
        self.assertEqual(
            out.getvalue().splitlines()[1:],
            [
                "B-1,0,0,0,0,0,0,0,0,Minimal,no,",
                "B-2,0,0,0,0,0,0,0,,,,has 9 values but the header has 8 columns,9",
            ],
        )

    def test_it_writes_to_a_file_and_succeeds_when_every_row_scores(self) -> None:
        target = self.folder / "scored.csv"
        text = "q1,q2,q3,q4\nno,no,no,no\nyes,no,no,no\n"
        out, err = self.run_score("asq", self.csv(text), "--output", str(target))
        self.assertEqual((out, err), ("", ""))
        self.assertEqual(
            target.read_text(encoding="utf-8").splitlines(),
            [
                "q1,q2,q3,q4,screen_result,critical,alert_severity,error",
                "no,no,no,no,negative,,,",
                "yes,no,no,no,acute_positive,,critical,",
            ],
        )

    def test_it_scores_dass_subscales_from_a_csv(self) -> None:
        header = ",".join(f"q{n}" for n in range(1, 22))
        out, _ = self.run_score("dass21", self.csv(f"{header}\n{','.join(['1'] * 21)}\n"))
        self.assertEqual(
            out.splitlines()[1].split(",")[21:],
            ["14", "Moderate", "14", "Moderate", "14", "Normal", ""],
        )

    def test_it_prints_one_result_as_json(self) -> None:
        out, _ = self.run_score("phq9", "--answers", "1,0,2,1,0,0,1,0,1")
        result = json.loads(out)
        self.assertEqual(result["total"], {"score": 6, "band": "Mild", "clinical": False})
        self.assertEqual([flag["code"] for flag in result["critical"]], ["phq9_item9"])
        self.assertEqual((result["instrument"], result["version"], result["alert_severity"]), ("phq9", "1.0", "urgent"))

    def test_it_takes_named_answers(self) -> None:
        out, _ = self.run_score("asq", "--answers", "q1=no,q2=no,q3=yes,q4=no,q5=no")
        self.assertEqual(json.loads(out)["screen"]["result"], "non_acute_positive")

    def test_it_scores_a_definition_file_a_practice_is_trying_out(self) -> None:
        out, _ = self.run_score(str(EXAMPLES / "example-scale.yaml"), "--answers", "4,4,3,0,0,0")
        self.assertEqual(json.loads(out)["total"], {"score": 15, "band": "Moderate", "clinical": True})

    def test_it_explains_answers_it_cannot_score(self) -> None:
        out, err = StringIO(), StringIO()
        with self.assertRaises(CommandError) as caught:
            call_command("score", "gad7", "--answers", "1,2,3", stdout=out, stderr=err)
        self.assertEqual(caught.exception.returncode, 1)
        self.assertIn("q4: not answered, and it is required", err.getvalue())
        self.assertEqual(out.getvalue(), "")

    def test_it_names_the_instruments_it_knows(self) -> None:
        with self.assertRaisesMessage(CommandError, "No instrument 'bps' is loaded (loaded: asq, dass21"):
            call_command("score", "bps", "--answers", "1")

    def test_it_exits_with_status_1_from_the_shell_when_a_row_fails(self) -> None:
        env = {**os.environ, "WAYMARK_INSTRUMENTS_DIR": str(self.folder)}
        command = [sys.executable, "manage.py", "score", "phq9", self.csv(PHQ9_CSV)]
        done = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=60)
        self.assertEqual(done.returncode, 1)
        self.assertIn("line 3: q3: 7 is not one of 0, 1, 2, 3", done.stderr)
        self.assertEqual(len(done.stdout.splitlines()), 5)

    def test_it_keeps_blank_rows_so_output_lines_up_with_input(self) -> None:
        text = "q1,q2,q3,q4\nno,no,no,no\n,,,\nyes,no,no,no\n"
        out, _ = self.run_score("asq", self.csv(text))
        self.assertEqual(
            out.splitlines()[1:],
            ["no,no,no,no,negative,,,", ",,,,,,,", "yes,no,no,no,acute_positive,,critical,"],
        )

    def test_it_counts_lines_of_the_file_when_a_quoted_value_spans_two(self) -> None:
        text = 'ref,q1,q2,q3,q4,q5,q6,q7\n"C-1\nsecond line",0,0,0,0,0,0,0\nC-2,0,0,9,0,0,0,0\n'
        err = StringIO()
        with self.assertRaises(CommandError):
            call_command("score", "gad7", self.csv(text), stdout=StringIO(), stderr=err)
        self.assertEqual(err.getvalue(), "line 4: q3: 9 is not one of 0, 1, 2, 3\n")

    def test_it_refuses_a_csv_that_already_has_an_error_column(self) -> None:
        with self.assertRaisesMessage(CommandError, "already has column(s) error; rename them first."):
            self.run_score("asq", self.csv("q1,q2,q3,q4,error\nno,no,no,no,\n"))


class ScorePracticeInstrumentTest(WaymarkTestCase):
    """--practice finds the instruments a practice uploaded on its Questionnaires page."""

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        LicensedInstrument.objects.create(
            practice=cls.practice,
            instrument_id="example-scale",
            version="2.1",
            title="Example Scale",
            definition=(EXAMPLES / "example-scale.yaml").read_text(encoding="utf-8"),
        )

    def total(self, *args: str) -> object:
        out = StringIO()
        call_command("score", "example-scale", "--answers", "4,4,3,0,0,0", *args, stdout=out)
        return json.loads(out.getvalue())["total"]["score"]

    def test_it_scores_an_uploaded_instrument_for_the_practice_named_by_public_id_or_name(self) -> None:
        self.assertEqual(self.total("--practice", str(self.practice.public_id)), 15)
        self.assertEqual(self.total("--practice", "Harbour Practice"), 15)

    def test_it_points_to_practice_when_an_instrument_is_not_bundled(self) -> None:
        with self.assertRaisesMessage(CommandError, "An instrument a practice uploaded is found with --practice."):
            self.total()

    def test_it_says_when_the_practice_does_not_have_the_instrument(self) -> None:
        with self.assertRaisesMessage(CommandError, "Elsewhere has no instrument 'example-scale' (it has: asq,"):
            self.total("--practice", "Elsewhere")

    def test_it_names_a_practice_it_cannot_find(self) -> None:
        with self.assertRaisesMessage(CommandError, "No practice has the public id or name 'Nowhere'."):
            self.total("--practice", "Nowhere")
        with self.assertRaisesMessage(CommandError, f"No practice has the public id or name '{uuid.UUID(int=1)}'."):
            self.total("--practice", str(uuid.UUID(int=1)))

    def test_it_asks_for_the_public_id_when_two_practices_share_a_name(self) -> None:
        Practice.objects.create(name="Harbour Practice")
        with self.assertRaisesMessage(CommandError, "More than one practice is called 'Harbour Practice'"):
            self.total("--practice", "Harbour Practice")
