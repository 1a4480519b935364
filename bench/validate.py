"""Validations per second: the generated validators against the usual Python validators.

    pip install -r bench/requirements.txt   # fastjsonschema, on top of the dev install
    python bench/validate.py [--quick] [--only bodies|cassettes] [--full-package DIR]

Two parts, each timed in interleaved rounds (best round per pair kept), in CPU time of
the timing thread:

**bodies**: the v1 addActivity 201 response (the seed body, and a realistic body with
more related objects), a v2 getActivities 200 response of 100 activities, and an invalid
v1 add response (five mistakes), through every validator, all on the same meaning of
the spec:

* generated       ``pipedrive_client.<v>.validators.validate_response`` (all issues collected)
* hand walk       a hand-written ``isinstance`` walk over the v1 add body (types only: the floor)
* fastjsonschema  compiled from the body's schema as JSON Schema Draft 4
* jsonschema      ``Draft4Validator`` with a format checker on that same schema
* openapi-core    ``OpenAPI.validate_response`` (request and response objects, bytes in)
* pydantic        the generated response model's ``model_validate`` / ``model_validate_json``

**cassettes**: every JSON response body of the contract cassettes
(``tests/contract/cassettes``), generated validator against fastjsonschema on the same
body and schema: the schema the operation declares for the status in the activity specs,
or, for Pipedrive's documented error bodies of other operations, the schema where the
cassette's ``source_pointer`` has it in the full spec (validated by the validators of a
package generated from the full specs: ``--full-package`` names one, else it is
generated into a temporary folder, which takes a minute or two). A body no spec gives a
schema is listed, not timed. Reported: each body's ratio, the median and the worst.

Placeholder-keyed objects (``USER_ID``) are given to every validator as what they mean,
``additionalProperties: <value schema>``; OpenAPI's ``nullable`` becomes ``type: [t, "null"]``
for the JSON Schema validators.
"""

from __future__ import annotations

import argparse
import copy
import gc
import importlib
import json
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from importlib.metadata import version
from pathlib import Path
from typing import Any

import fastjsonschema
import jsonschema
import yaml
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "generated"))
sys.path.insert(0, str(ROOT / "tests"))

from oracle import rewrite_placeholders  # noqa: E402
from pipedrive_client.v1 import models as v1_models  # noqa: E402
from pipedrive_client.v1 import validators as v1_validators  # noqa: E402
from pipedrive_client.v2 import models as v2_models  # noqa: E402
from pipedrive_client.v2 import validators as v2_validators  # noqa: E402

UUID_PATTERN = (
    r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$"
)
EXAMPLES = ROOT / "specs" / "pipedrive" / "examples"
CASSETTES = ROOT / "tests" / "contract" / "cassettes"
FULL_SPECS = {
    "v1": ROOT / "specs" / "pipedrive" / "openapi-v1.yaml",
    "v2": ROOT / "specs" / "pipedrive" / "openapi-v2.yaml",
}
FORMATS = {"date": r"^\d{4}-\d{2}-\d{2}$", "uuid": UUID_PATTERN}
Validate = Callable[[], object]


# -- the spec, as each validator reads it ------------------------------------------------


def load_spec(name: str) -> dict[str, Any]:
    document = yaml.safe_load((ROOT / "specs" / f"activities-{name}.yaml").read_text())
    return rewrite_placeholders(document)


def draft4(schema: Any) -> Any:
    """An OpenAPI 3.0 schema as JSON Schema Draft 4: ``nullable`` folded into ``type``."""
    if isinstance(schema, list):
        return [draft4(item) for item in schema]
    if not isinstance(schema, Mapping):
        return schema
    result = {}
    for key, value in schema.items():
        if key in ("example", "nullable"):
            continue
        if key == "properties":
            result[key] = {name: draft4(sub) for name, sub in value.items()}
        elif key in ("items", "additionalProperties", "allOf", "oneOf", "anyOf"):
            result[key] = draft4(value)
        else:
            result[key] = value
    if schema.get("nullable") is True and isinstance(schema.get("type"), str):
        result["type"] = [schema["type"], "null"]
    return result


def response_schema(
    spec: Mapping[str, Any], path: str, method: str, status: str
) -> Any:
    operation = spec["paths"][path][method]
    return operation["responses"][status]["content"]["application/json"]["schema"]


# -- the bodies ---------------------------------------------------------------------------


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def realistic_add_body() -> Any:
    """Pipedrive's own example, ``has_pic`` made the integer the spec says, with the
    related objects a busy activity has: three users, two persons, two participants."""
    body = copy.deepcopy(read_json(EXAMPLES / "v1" / "addActivity.201.json"))
    related = body["related_objects"]
    user = {**related["user"]["1234"], "has_pic": 0}
    related["user"] = {
        str(number): {
            **user,
            "id": number,
            "name": f"User {number}",
            "has_pic": number % 2,
        }
        for number in (1234, 1235, 7655)
    }
    person = related["person"]["1101"]
    related["person"]["17985"] = {
        **person,
        "id": 17985,
        "name": "Second Person",
        "email": [
            *person["email"],
            {"label": "home", "value": "p2@example.org", "primary": False},
        ],
    }
    body["data"]["attendees"] = [*body["data"]["attendees"]] * 3
    return body


def v2_list_body(count: int) -> Any:
    example = read_json(EXAMPLES / "v2" / "getActivities.200.json")
    item = example["data"][0]
    example["data"] = [
        {**copy.deepcopy(item), "id": number} for number in range(1, count + 1)
    ]
    return example


def invalid_add_body(seed: Any) -> Any:
    body = copy.deepcopy(seed)
    body["data"]["deal_id"] = "300"  # a string, not an integer
    body["data"]["due_date"] = "2024-02-30"  # no such day
    body["data"]["lead_id"] = "abc-def"  # no uuid
    body["data"]["done"] = 0  # an integer, not a boolean
    body["related_objects"]["user"]["1234"][
        "has_pic"
    ] = False  # a boolean, not an integer
    return body


# -- the validators ------------------------------------------------------------------------


def hand_walk_tables(schema: Any) -> dict[str, Any]:
    """``property -> accepted Python types`` of every object under the v1 add response."""

    def types(sub: Any) -> Any:
        sub = merged(sub)
        kind = {
            "string": str,
            "integer": int,
            "number": (int, float),
            "boolean": bool,
            "array": list,
            "object": dict,
        }[sub["type"]]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        return (*kinds, type(None)) if sub.get("nullable") else kinds

    def fields(sub: Any) -> dict[str, Any]:
        return {name: types(prop) for name, prop in merged(sub)["properties"].items()}

    def merged(sub: Any) -> Any:
        if "allOf" not in sub:
            return sub
        result = {"type": "object", "properties": {}}
        for part in sub["allOf"]:
            result["properties"].update(merged(part).get("properties", {}))
        return result

    related = schema["properties"]["related_objects"]["properties"]
    return {
        "activity": fields(schema["properties"]["data"]),
        "additional": fields(schema["properties"]["additional_data"]),
        **{kind: fields(related[kind]["additionalProperties"]) for kind in related},
    }


def make_hand_walk(tables: dict[str, Any]) -> Callable[[Any], bool]:
    activity, additional = tables["activity"], tables["additional"]
    related_tables = [
        (kind, tables[kind]) for kind in ("user", "deal", "person", "organization")
    ]

    def fields_ok(value: Any, table: dict[str, Any]) -> bool:
        if not isinstance(value, dict):
            return False
        for key, item in value.items():
            expected = table.get(key)
            if expected is not None and not isinstance(item, expected):
                return False
        return True

    def walk(body: Any) -> bool:
        if not isinstance(body, dict) or not isinstance(
            body.get("success", True), bool
        ):
            return False
        data = body.get("data")
        if data is not None and not fields_ok(data, activity):
            return False
        extra = body.get("additional_data")
        if extra is not None and not fields_ok(extra, additional):
            return False
        related = body.get("related_objects")
        if related is None:
            return True
        if not isinstance(related, dict):
            return False
        for kind, table in related_tables:
            entries = related.get(kind)
            if entries is None:
                continue
            if not isinstance(entries, dict):
                return False
            for entry in entries.values():
                if not fields_ok(entry, table):
                    return False
        return True

    return walk


class Subject:
    """One body, and how every validator validates it."""

    def __init__(
        self,
        label: str,
        body: Any,
        spec: dict[str, Any],
        route: tuple[str, str, str, str],  # spec path, method, status, request path
        validators_module: Any,
        operation_id: str,
        model: Any,
        hand_walk: Callable[[Any], bool] | None,
    ) -> None:
        self.label, self.body = label, body
        path, method, status, request_path = route
        schema = response_schema(spec, path, method, status)
        self.raw = json.dumps(body).encode()
        json_schema = {
            "$schema": "http://json-schema.org/draft-04/schema#",
            **draft4(schema),
        }
        fast = fastjsonschema.compile(json_schema, formats=FORMATS)
        slow = jsonschema.Draft4Validator(
            json_schema, format_checker=jsonschema.FormatChecker()
        )
        api = OpenAPI.from_dict(copy.deepcopy(spec))
        server = spec["servers"][0]["url"]
        host = "https://api.pipedrive.com"
        request = MockRequest(host, method, server.removeprefix(host) + request_path)
        code = int(status)

        def generated() -> object:
            return validators_module.validate_response(operation_id, code, body)

        def fast_validate() -> object:
            try:
                return fast(body)
            except fastjsonschema.JsonSchemaValueException as error:
                return error

        def core() -> object:
            response = MockResponse(
                self.raw, status_code=code, content_type="application/json"
            )
            try:
                return api.validate_response(request, response)
            except Exception as error:  # openapi-core's validation errors
                return error

        def pydantic_validate() -> object:
            try:
                return model.model_validate(body)
            except ValueError as error:
                return error

        def pydantic_json() -> object:
            try:
                return model.model_validate_json(self.raw)
            except ValueError as error:
                return error

        self.validators: dict[str, Validate | None] = {
            "generated": generated,
            "hand walk": (lambda: hand_walk(body)) if hand_walk else None,
            "fastjsonschema": fast_validate,
            "jsonschema": lambda: slow.is_valid(body),
            "openapi-core": core,
            "pydantic": pydantic_validate,
            "pydantic json": pydantic_json,
        }
        self.verdicts = {
            "generated": "invalid" if generated() else "valid",
            "hand walk": (
                None
                if hand_walk is None
                else ("valid" if hand_walk(body) else "invalid")
            ),
            "fastjsonschema": "valid" if fast_validate() is body else "invalid",
            "jsonschema": "valid" if slow.is_valid(body) else "invalid",
            "openapi-core": "invalid" if isinstance(core(), Exception) else "valid",
            "pydantic": (
                "invalid" if isinstance(pydantic_validate(), Exception) else "valid"
            ),
            "pydantic json": (
                "invalid" if isinstance(pydantic_json(), Exception) else "valid"
            ),
        }


def subjects() -> list[Subject]:
    v1, v2 = load_spec("v1"), load_spec("v2")
    seed = read_json(ROOT / "tests" / "data" / "seed" / "addActivity.200.json")
    add = ("/activities", "post", "201", "/activities")
    walk = make_hand_walk(hand_walk_tables(response_schema(v1, *add[:3])))
    model = v1_models.AddActivityResponse
    return [
        Subject(
            "v1 add 201: seed", seed, v1, add, v1_validators, "addActivity", model, walk
        ),
        Subject(
            "v1 add 201: realistic",
            realistic_add_body(),
            v1,
            add,
            v1_validators,
            "addActivity",
            model,
            walk,
        ),
        Subject(
            "v2 list 200: 100 items",
            v2_list_body(100),
            v2,
            ("/activities", "get", "200", "/activities"),
            v2_validators,
            "getActivities",
            v2_models.GetActivitiesResponse,
            None,
        ),
        Subject(
            "v1 add 201: invalid",
            invalid_add_body(seed),
            v1,
            add,
            v1_validators,
            "addActivity",
            model,
            walk,
        ),
    ]


# -- timing -------------------------------------------------------------------------------


# The CPU time of this thread, not the wall clock: on a machine shared with other
# people's builds, what they run while a validator is timed is not counted against it
# (their load still shows, less, through the caches they share).
clock = time.thread_time


def calibrate(validate: Validate, seconds: float) -> int:
    number = 1
    while True:
        start = clock()
        for _ in range(number):
            validate()
        if clock() - start >= seconds / 4:
            return max(1, int(number * seconds / max(clock() - start, 1e-9)))
        number *= 2


def timed(validate: Validate, number: int) -> float:
    """Validations per second of ``number`` calls."""
    start = clock()
    for _ in range(number):
        validate()
    return number / (clock() - start)


def measure(
    all_subjects: list[Subject], rounds: int, seconds: float
) -> dict[tuple[str, str], float]:
    """Validations per second of every (body, validator): the best of interleaved rounds."""
    pairs = [
        (subject.label, name, validate)
        for subject in all_subjects
        for name, validate in subject.validators.items()
        if validate is not None
    ]
    numbers = {
        (label, name): calibrate(validate, seconds) for label, name, validate in pairs
    }
    best: dict[tuple[str, str], float] = {}
    for _ in range(rounds):
        for label, name, validate in pairs:
            number = numbers[(label, name)]
            rate = timed(validate, number)
            best[(label, name)] = max(best.get((label, name), 0.0), rate)
    return best


def print_tables(
    all_subjects: list[Subject], rates: dict[tuple[str, str], float]
) -> None:
    names = list(all_subjects[0].validators)
    width = max(len(subject.label) for subject in all_subjects) + 2
    header = "".join(f"{name:>16}" for name in names)
    print("\nValidations per second (verdict in brackets):\n")
    print(f"{'body':<{width}}{header}")
    for subject in all_subjects:
        cells = []
        for name in names:
            rate = rates.get((subject.label, name))
            verdict = subject.verdicts[name]
            cells.append(f"{rate:>12,.0f} {verdict[0]:>1}" if rate else f"{'-':>14}")
            cells[-1] = f"{cells[-1]:>16}"
        print(f"{subject.label:<{width}}{''.join(cells)}")
    print("\n(v) valid, (i) invalid.")
    print("\nHow many times faster the generated validator is (generated / other):\n")
    print(f"{'body':<{width}}{''.join(f'{name:>16}' for name in names[1:])}")
    for subject in all_subjects:
        own = rates[(subject.label, "generated")]
        cells = []
        for name in names[1:]:
            rate = rates.get((subject.label, name))
            cells.append(f"{own / rate:>15.2f}x" if rate else f"{'-':>16}")
        print(f"{subject.label:<{width}}{''.join(cells)}")


def print_goals(rates: dict[tuple[str, str], float]) -> None:
    print()
    for label in ("v1 add 201: seed", "v1 add 201: realistic"):
        own = rates[(label, "generated")]
        fast = own / rates[(label, "fastjsonschema")]
        core = own / rates[(label, "openapi-core")]
        floor = rates[(label, "hand walk")] / own
        print(
            f"{label}: {fast:.1f}x fastjsonschema (goal 2x) {'ok' if fast >= 2 else 'MISSED'}, "
            f"{core:.0f}x openapi-core (goal 50x) {'ok' if core >= 50 else 'MISSED'}, "
            f"hand walk {floor:.2f}x faster (stretch: within 3x) {'ok' if floor <= 3 else 'missed'}"
        )


# -- the cassettes ----------------------------------------------------------------------


class CassetteBody:
    """One JSON response body of a cassette, its schema, and the two validators."""

    def __init__(
        self,
        label: str,
        body: Any,
        schema: Any,
        validators_module: Any,
        operation_id: str,
        status: int,
    ) -> None:
        self.label, self.body = label, body
        fast = fastjsonschema.compile(
            {"$schema": "http://json-schema.org/draft-04/schema#", **draft4(schema)},
            formats=FORMATS,
        )

        # The body's own validator (validate_<operation>_response_<status>), as
        # fastjsonschema's is compiled for the one schema: no lookup by operation.
        responses = validators_module._RESPONSE_VALIDATORS[operation_id]
        validator = (
            responses.get(status)
            or responses.get(f"{status // 100}XX")
            or responses["default"]
        )
        assert validator(body) == validators_module.validate_response(
            operation_id, status, body
        )

        def generated() -> object:  # a verdict, as fastjsonschema gives one
            return validator(body, first=True)

        def every_issue() -> object:
            return validator(body)

        def fast_validate() -> object:
            try:
                return fast(body)
            except fastjsonschema.JsonSchemaValueException as error:
                return error

        self.generated, self.fast = generated, fast_validate
        self.every_issue = every_issue if every_issue() else None
        self.verdicts = (
            "invalid" if generated() else "valid",
            "valid" if fast_validate() is body else "invalid",
        )


def operations_of(spec: Mapping[str, Any]) -> dict[str, tuple[str, str]]:
    """``operationId -> (path, method)``."""
    return {
        operation["operationId"]: (path, method)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if isinstance(operation, dict) and "operationId" in operation
    }


def declared_status(responses: Mapping[str, Any], status: int) -> str | None:
    """The response entry that covers ``status``: its own, its range, else default."""
    for key in (str(status), f"{status // 100}XX", "default"):
        media = (responses.get(key) or {}).get("content", {}).get("application/json")
        if media is not None and "schema" in media:
            return key
    return None


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def full_package(directory: str | None) -> Path:
    """A package generated from the full specs: the given one, else one made now."""
    if directory:
        return Path(directory)
    out = Path(tempfile.mkdtemp(prefix="bench-validate-"))
    print("generating the full API's package (a minute or two) ...", file=sys.stderr)
    specs = [f"--spec={name}={path}" for name, path in FULL_SPECS.items()]
    subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "generate", *specs]
        + ["--out", str(out), "--package", "pipedrive_full"],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return out / "pipedrive_full"


def import_validators(package: Path, api: str) -> Any:
    """``<package>.<api>.validators`` of a generated package (which imports its own
    ``_runtime``), from the folder that holds it."""
    if str(package.parent) not in sys.path:
        sys.path.insert(0, str(package.parent))
    return importlib.import_module(f"{package.name}.{api}.validators")


def cassette_bodies(
    full_directory: str | None,
) -> tuple[list[CassetteBody], list[tuple[str, str]]]:
    """Every JSON response body of the cassettes with a schema, and those without."""
    specs = {name: load_spec(name) for name in ("v1", "v2")}
    modules = {"v1": v1_validators, "v2": v2_validators}
    operations = {name: operations_of(spec) for name, spec in specs.items()}
    full: dict[str, tuple[Any, Any]] = {}  # api -> (spec, validators), on first use
    found: list[CassetteBody] = []
    skipped: list[tuple[str, str]] = []
    for path in sorted(CASSETTES.rglob("*.json")):
        cassette = json.loads(path.read_text(encoding="utf-8"))
        for number, interaction in enumerate(cassette["interactions"]):
            label = f"{path.parent.name}/{path.stem} #{number}"
            response = interaction["response"]
            body = response.get("body") or {}
            if "json" not in body:
                skipped.append((label, "not JSON"))
                continue
            api = interaction["operation"]["api"]
            operation_id = interaction["operation"]["operation_id"]
            status = int(response["status"])
            route = operations[api].get(operation_id)
            operation = specs[api]["paths"][route[0]][route[1]] if route else {}
            key = declared_status(operation.get("responses", {}), status)
            if key is not None:
                schema = response_schema(specs[api], *route, key)
                found.append(
                    CassetteBody(
                        label, body["json"], schema, modules[api], operation_id, status
                    )
                )
                continue
            pointer = cassette.get("source_pointer")
            if not pointer:
                skipped.append((label, f"no schema for {operation_id} {status}"))
                continue
            # Pipedrive documents this body for another operation of the full spec.
            tokens = [unescape(token) for token in pointer.split("/")[1:]]
            _, spec_path, method, _, spec_status = tokens[:5]
            source_api = "v2" if "v2" in cassette["source_spec"] else "v1"
            if source_api not in full:
                package = full_package(full_directory)
                spec = rewrite_placeholders(
                    yaml.load(
                        FULL_SPECS[source_api].read_text(encoding="utf-8"),
                        Loader=yaml.CSafeLoader,
                    )
                )
                module = import_validators(package, source_api)
                full[source_api] = (spec, module)
                full_directory = str(package)
            spec, module = full[source_api]
            source = spec["paths"][spec_path][method]
            found.append(
                CassetteBody(
                    label,
                    body["json"],
                    response_schema(spec, spec_path, method, spec_status),
                    module,
                    source["operationId"],
                    int(spec_status),
                )
            )
    return found, skipped


def measure_cassettes(
    bodies: list[CassetteBody], rounds: int, seconds: float
) -> tuple[dict[str, float], dict[str, float]]:
    """generated / fastjsonschema per body (both stopping at the first error): the best
    rate of each over interleaved rounds, the two taking turns to go first; and, for
    an invalid body, the same ratio with every issue collected."""
    numbers = {
        body.label: (
            calibrate(body.generated, seconds),
            calibrate(body.fast, seconds),
            calibrate(body.every_issue, seconds) if body.every_issue else 0,
        )
        for body in bodies
    }
    best: dict[tuple[str, int], float] = {}
    for round_number in range(rounds):
        for body in bodies:
            pair: list[tuple[int, Validate]] = [(0, body.generated), (1, body.fast)]
            if body.every_issue is not None:
                pair.append((2, body.every_issue))
            if round_number % 2:
                pair.reverse()
            for which, validate in pair:
                number = numbers[body.label][which]
                rate = timed(validate, number)
                key = (body.label, which)
                best[key] = max(best.get(key, 0.0), rate)
    verdict = {
        body.label: best[(body.label, 0)] / best[(body.label, 1)] for body in bodies
    }
    every = {
        body.label: best[(body.label, 2)] / best[(body.label, 1)]
        for body in bodies
        if body.every_issue is not None
    }
    return verdict, every


def print_cassettes(
    bodies: list[CassetteBody],
    skipped: list[tuple[str, str]],
    ratios: dict[str, float],
    every: dict[str, float],
) -> None:
    width = max(len(body.label) for body in bodies) + 2
    print(
        "\nCassette response bodies: the body's generated validator (first=True) /"
        " fastjsonschema, both"
        " stopping at the first error;\nverdicts ours/theirs (v valid, i invalid);"
        " for an invalid body, the ratio with every issue collected\n"
    )
    for body in bodies:
        verdicts = "/".join(verdict[0] for verdict in body.verdicts)
        all_issues = (
            f"   every issue: {every[body.label]:.2f}x" if body.label in every else ""
        )
        print(
            f"{body.label:<{width}}{ratios[body.label]:>8.2f}x  {verdicts}{all_issues}"
        )
    for label, why in skipped:
        print(f"{label:<{width}}{'-':>9}  ({why})")
    values = list(ratios.values())
    worst = min(ratios, key=ratios.__getitem__)
    print(
        f"\n{len(values)} bodies: median {statistics.median(values):.2f}x, "
        f"worst {ratios[worst]:.2f}x ({worst}); goal 2x on every body: "
        + ("ok" if ratios[worst] >= 2 else "MISSED")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds")
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--only", choices=("bodies", "cassettes"), default=None)
    parser.add_argument(
        "--seconds", type=float, default=0.01, help="time per pair and round"
    )
    parser.add_argument(
        "--full-package",
        default=None,
        help="a package generated from the full specs (else one is generated)",
    )
    arguments = parser.parse_args()
    rounds = arguments.rounds or (5 if arguments.quick else 30)
    seconds = arguments.seconds
    packages = ", ".join(
        f"{name} {version(name)}"
        for name in ("fastjsonschema", "jsonschema", "openapi-core", "pydantic")
    )
    print(f"Python {platform.python_version()} on {platform.machine()}; {packages}")
    print(
        f"{rounds} interleaved rounds of ~{seconds * 1000:.0f} ms per pair, best round kept"
    )
    # The garbage collector off while timing, as ``timeit`` has it: a collection of
    # this process's large heap (the specs, openapi-core's objects) would land on
    # whichever validator happens to allocate when it comes. (Validations leave no
    # cycles: reference counting frees what they make.)
    gc.collect()
    gc.freeze()
    gc.disable()
    if arguments.only != "cassettes":
        all_subjects = subjects()
        rates = measure(all_subjects, rounds, seconds)
        print_tables(all_subjects, rates)
        print_goals(rates)
    if arguments.only != "bodies":
        bodies, skipped = cassette_bodies(arguments.full_package)
        ratios, every = measure_cassettes(bodies, rounds, seconds)
        print_cassettes(bodies, skipped, ratios, every)


if __name__ == "__main__":
    main()
