"""The safety sentences of every built-in cue, written out by hand: a sign to do less, a way out
(or a slow way up), a limit on how far to go. Steps not listed have none.

Independent of the pattern in `hipcli.tui.cue_fit`, so the tests can tell when that pattern
misses a warning (or takes an instruction for one). A new or changed built-in cue with safety
advice belongs here too.
"""

from __future__ import annotations

SAFETY_BY_STEP: dict[tuple[str, str], tuple[str, ...]] = {
    ("alternate-nostril", "Settle and find the hand position"): (
        "If you feel lightheaded at any point, lower the hand and breathe normally.",
    ),
    ("body-scan", "Belly and breath"): (
        "If pacing feels like too much right now, ignore it and let the breath do what it does.",
    ),
    ("bound-angle", "Butterfly, sitting tall"): (
        "Bring the soles of the feet together and let the knees fall open; the feet can be "
        "close to you or further away, whichever is kinder to the knees.",
    ),
    ("bound-angle", "Butterfly, folding forward"): (
        "If the knees or groin feel strained, put a cushion under each knee or come up a little.",
    ),
    ("bound-angle", "Reclined butterfly"): ("It is fine to bring the knees together at any time.",),
    ("box-breathing", "Box breathing, first round"): (
        "If holding feels like strain, shorten it or skip it and just wait for the next inhale.",
        "Stop and breathe normally if you feel dizzy.",
    ),
    ("box-breathing", "Box breathing, second round"): (
        "If a hold feels like strain, shorten it or skip it.",
        "It is fine to stop early.",
    ),
    ("coherent-breathing", "Coherent breathing"): (
        "If the counts feel too slow, breathe in a little less, or let go of the pacing for a "
        "few breaths and rejoin when you are ready.",
    ),
    ("coherent-breathing", "Natural breath"): (
        "Notice how you feel, and take your time before you get up.",
    ),
    ("desk-break", "Seated figure four"): ("Ease off if you feel it in the knee.",),
    ("desk-break", "Seated forward fold"): ("Come up slowly, in case the head feels light.",),
    ("diaphragmatic", "Breathing into the belly"): (
        "If the counts feel too long, breathe a little less deeply rather than straining.",
    ),
    ("evening-wind-down", "Legs up the wall"): (
        "If the legs tingle or tire, bend the knees, slide them down, or come out early.",
    ),
    ("evening-wind-down", "Reclined twist"): ("Turn the head whichever way is kind to the neck.",),
    ("evening-wind-down", "Long, easy exhales"): (
        "If the counts feel long, breathe in a little less.",
    ),
    ("extended-exhale", "Long exhale through the nose"): (
        "If 8 feels long, breathe in a little less rather than forcing the breath out; there is "
        "no need to empty completely.",
    ),
    ("extended-exhale", "Long exhale through pursed lips"): (
        "If you feel lightheaded, go back to breathing through the nose, or stop and breathe "
        "normally.",
    ),
    ("figure-four", "Figure four, feet on the floor"): (
        "Cross the ankle of the side shown over the opposite thigh, just above the knee, and "
        "flex that foot to protect the knee.",
    ),
    ("figure-four", "Figure four, legs drawn in"): (
        "Draw the legs in only as far as feels easy.",
        "Ease off if you feel it in the knee.",
    ),
    ("foot-arch", "Roll the arch"): (
        "Use only as much weight as feels good: a strong but pleasant pressure, never sharp pain.",
    ),
    ("foot-arch", "Rest on tender spots"): (
        "Ease off the pressure if it makes you hold your breath.",
    ),
    ("foot-arch", "Heel and outer edge"): (
        "Keep the pressure moderate here; the heel can be sensitive.",
    ),
    ("four-seven-eight", "Four 4-7-8 breaths"): (
        "If the hold feels like strain, shorten it or skip it and simply breathe out slowly.",
        "If you feel lightheaded, stop and breathe normally.",
    ),
    ("four-seven-eight", "Natural breath"): ("Get up slowly.",),
    ("full-hip-release", "Reclined figure four"): (
        "Stay here, or lift the bottom foot and hold behind that thigh, drawing the legs in "
        "only as far as is comfortable.",
        "Ease off if you feel it in the knee.",
    ),
    ("full-hip-release", "Lizard"): (
        "Stay on the hands, or lower onto the forearms only if it feels easy.",
        "If the knee or groin complains, come back to the low lunge.",
    ),
    ("full-hip-release", "Pigeon"): (
        "If the knee complains, come out and do figure four on your back instead.",
        "It is fine to come out early.",
    ),
    ("full-hip-release", "90/90"): (
        "Hands behind you, chest lifted; lean forward over the front shin only if that feels easy.",
        "Let the angles open wider if a knee twists.",
    ),
    ("full-hip-release", "Final rest"): (
        "When you are ready, roll to one side before you sit up.",
    ),
    ("happy-baby", "Half happy baby"): (
        "Let the knee drift down towards the floor only as far as it wants to.",
    ),
    ("happy-baby", "Happy baby"): (
        "It is fine to let go and rest with knees hugged in whenever you like.",
    ),
    ("hip-circles", "Knee circles"): (
        "Keep the movement small and easy, and skip it if the knees do not like it.",
    ),
    ("lizard", "Lizard, hands inside the foot"): (
        "If the front knee or groin complains, raise the hands onto blocks or ease back to a "
        "low lunge.",
    ),
    ("lizard", "Lizard, lower"): (
        "Only if it feels easy: lower onto the forearms, or rest them on a block or cushion.",
        "Stop if you feel sharp pain.",
        "It is fine to come out early.",
    ),
    ("morning", "Butterfly"): ("Lean forward a little only if it feels inviting.",),
    ("morning", "Low lunge"): ("Back off if anything pinches.",),
    ("ninety-ninety", "90/90, sitting tall"): (
        "If either knee twists or complains, let the angles open wider or slide the feet "
        "closer in.",
    ),
    ("ninety-ninety", "90/90, folding over the front shin"): (
        "Stop if you feel sharp pain in a knee.",
    ),
    ("ninety-ninety", "Windshield wipers"): (
        "Keep the movement small if the hips or knees feel tight.",
    ),
    ("pigeon", "Low lunge to prepare"): (
        "Let the hips sink forward a little, only as far as feels easy.",
    ),
    ("pigeon", "Pigeon, upright"): (
        "If the knee complains, back out, or lie down and do figure four instead.",
    ),
    ("pigeon", "Pigeon, folded forward"): (
        "Stop if you feel sharp pain in the knee or hip.",
        "It is fine to come out early.",
    ),
    ("psoas-release", "Low lunge"): (
        "Let the hips move forward only a little and feel the front of the back hip lengthen.",
        "Ease off if you feel pinching at the front of the hip.",
    ),
    ("psoas-release", "Low lunge, arm raised"): (
        "If your balance is steady, raise the arm on the side of the back knee and lean a "
        "little towards the front leg.",
    ),
    ("somatic-shaking", "Shake the whole body"): (
        "If you feel dizzy or overwhelmed, slow down, open your eyes, and feel your feet.",
        "It is fine to stop early.",
    ),
    ("warrior-ii", "Warrior II"): (
        "Never let the knee pass the toes.",
        "Bend less if the knee complains.",
        "Come out if you feel sharp pain or dizziness.",
    ),
    ("warrior-ii", "Wide-legged forward fold"): (
        "Come up slowly, with bent knees, in case the head feels light.",
    ),
}
