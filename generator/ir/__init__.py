"""The intermediate representation and how a checked spec becomes it.

``model`` holds the IR's frozen dataclasses (what every later stage and every template
sees); ``build`` walks the operations, ``schemas`` turns schemas into types and model
drafts (``objects``, ``unions``, ``aliases``) by the rules in ``normalize`` (``allof``
folds an allOf, ``labels`` names union alternatives, ``keywords`` reads one schema's
own keywords, ``discriminators`` what a tag picks), ``drafts`` names the drafts all at
once; ``access`` reads servers, security schemes and requirements; ``naming`` owns
every spec name -> Python name.

May import: ``spec``, ``errors``, ``output.cache``, ``runtime._checks`` (the validators'
own format tests, which a tag must pass). Never ``render`` or ``output``'s writers.
"""
