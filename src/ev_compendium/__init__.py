"""ev_compendium: the computational core of the EV carbon / energy-security / circularity compendium.

Shared modules: :mod:`.params` (chapter parameters), :mod:`.claims` (published-claims
registry and the published-vs-reproduced check), :mod:`.chapters`, :mod:`.cli`.
One module per chapter model (see each chapter's notebook for which).
"""

__version__ = "0.1.0"
