"""The device protection checklist's steps, as data: what each step is, why it helps, and how to do it.

Guidance is short, practical and brand-neutral; menus move between versions, so it names the
setting to look for rather than every tap. ``validate`` runs on import: a broken entry fails loudly.
"""

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

# Platforms with their own guidance, in the order shown; "any" is the fallback every step has.
PLATFORMS: dict[str, str] = {
    "ios": "iPhone and iPad",
    "android": "Android",
    "windows": "Windows",
    "macos": "Mac",
    "console": "Games consoles and VR headsets",
    "tv": "Smart TV",
    "any": "Any device",
}


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    why: str
    how: Mapping[str, str]  # platform -> guidance; "any" always present

    def guidance_for(self, platforms: Sequence[str]) -> list[tuple[str, str]]:
        """(platform label, guidance) for the given platforms, else the general guidance."""
        found = [(PLATFORMS[p], self.how[p]) for p in platforms if p in self.how]
        return found or [(PLATFORMS["any"], self.how["any"])]


STEPS: tuple[Step, ...] = (
    Step(
        id="blocker",
        title="A blocker or filter is installed",
        why="A filter puts a pause between an urge and the material. That pause is often enough to choose differently.",
        how={
            "ios": (
                "Settings → Screen Time → Content & Privacy Restrictions → App Store, Media, Web & Games → Web "
                "Content: choose Limit Adult Websites. Ask someone you trust to set the Screen Time passcode."
            ),
            "android": (
                "Set a filtering DNS service under Settings → Network → Private DNS, or use a family-safety app (such"
                " as Family Link) with someone you trust as the manager."
            ),
            "windows": (
                "Turn on the family safety settings for your account with a trusted person as organiser, and set a "
                "filtering DNS service on your network adapter or router."
            ),
            "macos": (
                "System Settings → Screen Time → Content & Privacy → Store and web restrictions: limit adult "
                "websites. Add a filtering DNS service under Network → Details → DNS."
            ),
            "console": (
                "Open the parental controls in system settings: restrict the web browser and mature content, and let "
                "someone you trust hold the PIN."
            ),
            "tv": (
                "Turn on the parental controls and lock or remove the web browser app; a filtering DNS on your home "
                "router covers the TV too."
            ),
            "any": (
                "Use the device's built-in content restrictions and a filtering DNS service on your home router. Let "
                "someone you trust keep the password."
            ),
        },
    ),
    Step(
        id="tracker",
        title="An accountability tracker is installed",
        why="Knowing a trusted person will see what you visit makes secrecy harder, and honesty easier.",
        how={
            "ios": (
                "Install an accountability app from the App Store and add your accountability partner. Lock app "
                "deletion with Screen Time (iTunes & App Store Purchases → Deleting Apps: Don't Allow)."
            ),
            "android": (
                "Install an accountability app, give it the permissions it asks for, and protect it from removal with"
                " your family-safety app."
            ),
            "windows": (
                "Install an accountability program on every account you use, and remove administrator rights from "
                "your daily account so it cannot be switched off on impulse."
            ),
            "macos": (
                "Install an accountability app, allow its permissions in Privacy & Security, and use a standard (not "
                "administrator) account day to day."
            ),
            "any": (
                "Choose an accountability service that works on this device and name a partner who will read the "
                "reports."
            ),
        },
    ),
    Step(
        id="apps_sites",
        title="Sex apps and sites are deleted",
        why="Every app or saved link you remove is one less shortcut when you are tired, lonely or stressed.",
        how={
            "ios": (
                "Delete the apps (touch and hold → Remove App), then clear bookmarks, reading lists and history in "
                "each browser."
            ),
            "android": (
                "Uninstall the apps (Settings → Apps), then clear bookmarks, history and saved passwords in each "
                "browser."
            ),
            "windows": (
                "Uninstall the programs (Settings → Apps), clear each browser's bookmarks, history and saved "
                "passwords, and remove unwanted browser extensions."
            ),
            "macos": "Move the apps to the Bin, then clear each browser's bookmarks, history and saved passwords.",
            "console": "Delete any apps you used this way and clear the browser's history and bookmarks.",
            "tv": "Uninstall or hide the apps and sign out of any accounts you used this way.",
            "any": "Remove the apps, bookmarks, browser history and saved log-ins you used this way.",
        },
    ),
    Step(
        id="saved_material",
        title="Saved material is deleted",
        why="Stored material is a ready-made trigger. Letting it go is a real, brave step.",
        how={
            "ios": (
                "Check Photos (and Recently Deleted), Files, downloads and message attachments; check your cloud "
                "photo library too."
            ),
            "android": (
                "Check the gallery, Downloads, messaging apps' media folders and the bin; check your cloud backup too."
            ),
            "windows": (
                "Check Downloads, Pictures, Videos, other drives and USB sticks, then empty the Recycle Bin; check "
                "cloud folders too."
            ),
            "macos": (
                "Check Downloads, Photos (and Recently Deleted), other drives, then empty the Bin; check cloud "
                "folders too."
            ),
            "any": (
                "Look through downloads, photos, cloud storage, old drives and the bin. If it feels hard, ask someone"
                " you trust to help."
            ),
        },
    ),
    Step(
        id="contacts",
        title="Risky contacts are unfriended or blocked",
        why="Blocking people you acted out with protects you from invitations at your weakest moments.",
        how={
            "ios": (
                "In Phone or Messages, open the contact → Block this Caller; also block or unfriend in each social "
                "and messaging app."
            ),
            "android": (
                "Open the contact in Phone or Messages → Block; also block or unfriend in each social and messaging "
                "app."
            ),
            "any": (
                "Block or unfriend them in every app you talk in, and delete their numbers. You can write down why, "
                "so it is clear later."
            ),
        },
    ),
    Step(
        id="subscriptions",
        title="Porn and dating subscriptions are cancelled",
        why="Cancelling removes both the pull and the money trail, and stops renewals catching you off guard.",
        how={
            "ios": (
                "Settings → your name → Subscriptions: cancel them. Check your bank statements for ones paid on the "
                "web."
            ),
            "android": (
                "Open the app store → your profile → Payments & subscriptions: cancel them. Check your bank "
                "statements for others."
            ),
            "any": (
                "Cancel each one on its account page, then delete the account. Check your bank and card statements "
                "for any you missed."
            ),
        },
    ),
    Step(
        id="social_apps",
        title="Risky social apps are removed",
        why="Endless feeds and messaging with strangers are common slippery slopes; keep only what truly helps you.",
        how={
            "ios": (
                "Delete the apps; if you need one for work, use it only on a computer, or set an App Limit with a "
                "passcode someone else holds."
            ),
            "android": (
                "Uninstall the apps; if you need one, set a limit in Digital Wellbeing or your family-safety app."
            ),
            "windows": "Remove the desktop apps and block the sites in your filter if they pull you in.",
            "macos": "Remove the apps and block the sites in Screen Time or your filter if they pull you in.",
            "any": (
                "Remove the apps that lead you towards acting out, or limit them with a passcode someone else holds."
            ),
        },
    ),
    Step(
        id="night_plan",
        title="A plan for the night",
        why=(
            "Late nights alone with a screen are a high-risk time for many people. A plan decided in daylight "
            "makes the night easier."
        ),
        how={
            "ios": (
                "Use Downtime in Screen Time for the night, charge the phone outside the bedroom, or lock it in a "
                "timed lock-box."
            ),
            "android": (
                "Use Bedtime mode and app timers, charge the phone outside the bedroom, or lock it in a timed lock-box."
            ),
            "any": (
                "Pick one: a basic phone at night, a timed lock-box, or someone you trust holds the device until "
                "morning. Keep it out of the bedroom."
            ),
        },
    ),
)

STEP_IDS: frozenset[str] = frozenset(step.id for step in STEPS)
STEPS_BY_ID: dict[str, Step] = {step.id: step for step in STEPS}

MAX_TEXT = 400
ID_PATTERN = re.compile(r"^[a-z][a-z_]{1,39}$")


def validate(steps: Sequence[Step]) -> None:
    """Refuse a checklist with duplicate or malformed ids, empty text or unknown platforms."""
    seen: set[str] = set()
    for step in steps:
        if not ID_PATTERN.match(step.id):
            raise ValueError(f"Step id {step.id!r} must be lower-case letters and underscores.")
        if step.id in seen:
            raise ValueError(f"Step id {step.id!r} appears twice.")
        seen.add(step.id)
        if not step.title.strip() or not step.why.strip():
            raise ValueError(f"Step {step.id!r} needs a title and a reason.")
        if "any" not in step.how:
            raise ValueError(f"Step {step.id!r} needs general guidance under 'any'.")
        for platform, text in step.how.items():
            if platform not in PLATFORMS:
                raise ValueError(f"Step {step.id!r} names an unknown platform {platform!r}.")
            if not text.strip() or len(text) > MAX_TEXT:
                raise ValueError(f"Step {step.id!r} has empty or over-long guidance for {platform!r}.")


validate(STEPS)
