"""The demo practice: who is in it. Data, not code paths: actions do the writing."""

from dataclasses import dataclass

DEMO_PASSWORD = "waymark demo practice"
PRACTICE_NAME = "Harbourfront Counselling (demo)"


@dataclass(frozen=True)
class DemoClient:
    email: str
    name: str
    therapist: str
    stage: int
    weeks_ago: int


ADMIN = ("admin@demo.waymark.test", "Priya (practice admin)")
THERAPISTS = [
    ("mei@demo.waymark.test", "Dr Mei Tan"),
    ("daniel@demo.waymark.test", "Daniel Lee"),
]
CLIENTS = [
    DemoClient("alex@demo.waymark.test", "Alex", "mei@demo.waymark.test", 1, 3),
    DemoClient("jordan@demo.waymark.test", "Jordan", "mei@demo.waymark.test", 2, 10),
    DemoClient("sam@demo.waymark.test", "Sam", "mei@demo.waymark.test", 2, 16),
    DemoClient("ravi@demo.waymark.test", "Ravi", "daniel@demo.waymark.test", 3, 26),
    DemoClient("lin@demo.waymark.test", "Lin", "daniel@demo.waymark.test", 4, 44),
]
SUPPORTER = ("casey@demo.waymark.test", "Casey", "jordan@demo.waymark.test", "partner")
