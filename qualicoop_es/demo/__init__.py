"""A deterministic demonstration network: ~165 Coop'HLM and their Quali'Coop histories from 2022 to "today".

Same seed, same ``today`` → same network, event for event. Every write goes through the application's use
cases with an explicit business date and, as actor, the id of a named account (the federal team, the
cooperative's referent, the committee: ``team``, ``committee``, ``members``), so the guards of the aggregate check
the generator: a refused command is a bug here, never something to swallow.

How a history is built:

1. each cooperative gets a *target* (where it stands today: preparing, submitted, engaged, bilan submitted,
   confirmed, renewed, continue work, expired, left, withdrawn) and a few variants (asked to mature first,
   asked to continue work before confirming…); the first ones cover every target, so even 20 cooperatives
   show every phase;
2. its *skeleton* (the dates of the phase changes) is drawn once, then slid along the calendar until the
   target holds on ``today`` (committee verdicts fall on the monthly sessions of the comité de validation);
3. the stages between phase changes are filled in chronological order: dossier preparation, rework after
   a « faire mûrir », checkpoints, measurements, objective readjustments, diplomas, identity updates.

The names of the first cooperatives are real Coop'HLM (public facts: domain-research §7.2); their Quali'Coop
histories here are invented, except Grand Delta Habitat's validation in March 2023 and its diploma on
3 October 2023.

The package, by responsibility: ``names``, ``texts`` and ``objectives`` hold the reference data; ``profiles`` says
who the cooperatives are and where they stand today; ``team`` and ``committee`` say who signs the facts and
``members`` opens their accounts; ``committee`` and ``timeline`` draw the calendar (sessions, skeletons);
``dossier`` keeps the generator's copy of a dossier, ``history`` writes the commands, ``stages`` fills the time
between phase changes and ``story`` strings one cooperative together; ``network`` loads them all.
"""

from __future__ import annotations

from qualicoop_es.demo.network import load
from qualicoop_es.demo.profiles import Profile, profiles

__all__ = ["Profile", "load", "profiles"]
