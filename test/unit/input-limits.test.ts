import { checkInputs } from "../../provider/engine/framework";
import { roleDefinition } from "../../provider/engine/kinds/role";
import {
  ARGUMENT_MAX_DEPTH,
  collectionNameProblem,
  DESCRIPTION_MAX_LENGTH,
  DYNAMIC_VARIABLES,
  dynamicVariableProblem,
  EMAIL_MAX_LENGTH,
  FILTER_MAX_DEPTH,
  FILTER_OPERATORS,
  FILTER_RULES_DOCS_URL,
  fieldNameProblem,
  filterProblems,
  ICON_MAX_LENGTH,
  type InputProblem,
  MAX_REPORTED_PROBLEMS,
  POLICY_NAME_MAX_LENGTH,
  PROJECT_NAME_MAX_LENGTH,
  presetsProblems,
  ROLE_NAME_MAX_LENGTH,
  RULE_JSON_MAX_BYTES,
  textLimitProblem,
} from "../../provider/schemas/input-limits";
import { invisibleCharacterProblem } from "../../provider/schemas/refinements";

const paths = (problems: InputProblem[]) => problems.map((problem) => problem.path);

/** The only problem a value has; fails when there are none or several. */
function onlyProblem(problems: InputProblem[]): InputProblem {
  expect(problems).toHaveLength(1);
  const [problem] = problems;
  if (!problem) throw new Error("no problem reported");
  return problem;
}

/** A chain of `levels` filter objects: relations down to an operator object, e.g. { a: { a: { _eq: 1 } } }. */
function nestedFilter(levels: number): Record<string, unknown> {
  let filter: Record<string, unknown> = { _eq: 1 };
  for (let level = 1; level < levels; level++) filter = { a: filter };
  return filter;
}

/** An operator argument with `levels` nested arrays around a number. */
function nestedArgument(levels: number): unknown {
  let value: unknown = 1;
  for (let level = 0; level < levels; level++) value = [value];
  return value;
}

describe("filterProblems: valid filters", () => {
  it.each<[string, unknown]>([
    ["no rule (null)", null],
    ["no rule (undefined)", undefined],
    ["all items ({})", {}],
    ["a plain condition", { status: { _eq: "published" } }],
    ["the current user", { owner: { _eq: "$CURRENT_USER" } }],
    ["a relative date", { date_created: { _gte: "$NOW(-1 year)" } }],
    ["a forward relative date", { date_created: { _lte: "$NOW(+2 days)" } }],
    ["a compact relative date", { date_created: { _lte: "$NOW(-30m)" } }],
    ["now", { publish_on: { _lte: "$NOW" } }],
    [
      "an _or of a relational path and an _in list",
      { _or: [{ author: { id: { _eq: "$CURRENT_USER.id" } } }, { status: { _in: ["published"] } }] },
    ],
    ["a year() function field", { "year(date_created)": { _eq: 2024 } }],
    ["a count() function field", { "count(comments)": { _gt: 3 } }],
    ["a function over a relational path", { "month(author.birthday)": { _eq: 5 } }],
    ["an _eq with a null argument", { status: { _eq: null } }],
    ["a null check", { category: { _null: true } }],
    ["a null check written as a string", { category: { _nnull: "true" } }],
    ["an empty check written as a string", { category: { _empty: "false" } }],
    ["several operators on one field", { price: { _gte: 1, _lte: 10 } }],
    ["a range", { price: { _between: [1, 10] } }],
    ["_some on a one-to-many field", { comments: { _some: { status: { _eq: "approved" } } } }],
    ["_none on a many-to-many field", { tags: { _none: { tags_id: { name: { _eq: "secret" } } } } }],
    ["a many-to-any scoped key", { item: { "item:headings": { title: { _contains: "x" } } } }],
    ["a logical group under a field", { status: { _or: [{ _eq: "a" }, { _eq: "b" }] } }],
    ["a logical group inside a relation", { author: { _and: [{ name: { _eq: "Ada" } }, { id: { _neq: 1 } }] } }],
    ["nested logical groups", { _and: [{ _or: [{ a: { _eq: 1 } }, { b: { _eq: 2 } }] }, { c: { _null: false } }] }],
    [
      "dynamic variables in an _in list",
      { owner: { _in: ["$CURRENT_USER.id", "$CURRENT_ROLES", "$CURRENT_POLICIES"] } },
    ],
    ["a role path", { group: { _eq: "$CURRENT_ROLE.name" } }],
    ["a deep user path", { org: { _eq: "$CURRENT_USER.org.parent.id" } }],
    ["a dollar string that is not a variable", { price_label: { _eq: "$5 off" } }],
    ["a regex", { code: { _regex: "^[A-Z]{3}$" } }],
    ["a regex wrapped in slashes", { code: { _regex: "/^a+$/" } }],
    ["a GeoJSON intersection", { area: { _intersects: { type: "Point", coordinates: [1, 2] } } }],
    ["a field whose name starts with a digit", { "2fa_enabled": { _eq: true } }],
  ])("accepts %s", (_label, filter) => {
    expect(filterProblems(filter, "filter")).toEqual([]);
  });

  it.each(FILTER_OPERATORS)("accepts the operator %s with a suitable argument", (operator) => {
    const argument =
      operator === "_in" || operator === "_nin"
        ? ["a"]
        : operator === "_between" || operator === "_nbetween"
          ? [1, 2]
          : ["_null", "_nnull", "_empty", "_nempty"].includes(operator)
            ? true
            : "a";
    expect(filterProblems({ field: { [operator]: argument } }, "filter")).toEqual([]);
  });

  it("lists each Directus operator once", () => {
    expect(new Set(FILTER_OPERATORS).size).toBe(FILTER_OPERATORS.length);
    expect(FILTER_OPERATORS).toHaveLength(31);
  });

  it(`accepts ${FILTER_MAX_DEPTH} nested filter objects`, () => {
    expect(filterProblems(nestedFilter(FILTER_MAX_DEPTH), "filter")).toEqual([]);
  });

  it("accepts a filter just under the size limit", () => {
    const filter = { id: { _in: ["x".repeat(RULE_JSON_MAX_BYTES - 100)] } };
    expect(filterProblems(filter, "filter")).toEqual([]);
  });
});

describe("filterProblems: rejected filters", () => {
  it("rejects an unknown operator at its path and points to the docs", () => {
    const problem = onlyProblem(filterProblems({ status: { _bogus: "x" } }, "filter"));
    expect(problem.path).toEqual(["status", "_bogus"]);
    expect(problem.message).toContain('"_bogus"');
    expect(problem.message).toContain(FILTER_RULES_DOCS_URL);
    expect(problem.message).toContain("Fix:");
  });

  it.each([
    ["_eqq", "_eq"],
    ["_contain", "_contains"],
    ["_ni", "_nin"],
    ["_startswith", "_starts_with"],
    ["_nul", "_null"],
  ])("suggests the closest operator for %s", (typo, suggestion) => {
    const problem = onlyProblem(filterProblems({ status: { [typo]: "x" } }, "filter"));
    expect(problem.path).toEqual(["status", typo]);
    expect(problem.message).toContain(`use "${suggestion}"`);
    expect(problem.message).not.toContain(FILTER_RULES_DOCS_URL);
  });

  it("reports a null group entry and a field mapped to null at their paths", () => {
    const problems = filterProblems({ _and: [null, { status: null }] }, "filter");
    expect(paths(problems)).toEqual([
      ["_and", 0],
      ["_and", 1, "status"],
    ]);
    expect(problems[1]?.message).toContain("must be an operator object such as { _eq: ... } or a nested filter");
    expect(problems[1]?.message).toContain("{ status: { _null: true } }");
  });

  it.each<[string, unknown, (string | number)[][]]>([
    ["an empty _and", { _and: [] }, [["_and"]]],
    ["an _or that is an object", { _or: { status: { _eq: "a" } } }, [["_or"]]],
    ["an _and that is a string", { _and: "status" }, [["_and"]]],
    ["an array inside _and", { _and: [[{ a: { _eq: 1 } }]] }, [["_and", 0]]],
    ["a string inside _or", { _or: ["status"] }, [["_or", 0]]],
    ["an empty object inside _or (matches everything)", { _or: [{}, { a: { _eq: 1 } }] }, [["_or", 0]]],
    ["a field mapped to a string", { status: "published" }, [["status"]]],
    ["a field mapped to an array", { status: ["a", "b"] }, [["status"]]],
    ["a field mapped to a number", { views: 5 }, [["views"]]],
    ["a field with an empty condition", { status: {} }, [["status"]]],
    ["an operator at the top level", { _eq: 1 }, [["_eq"]]],
    ["an operator directly inside _some", { comments: { _some: { _eq: 1 } } }, [["comments", "_some", "_eq"]]],
    ["_some at the top level", { _some: { status: { _eq: "a" } } }, [["_some"]]],
    ["_none without a filter", { comments: { _none: null } }, [["comments", "_none"]]],
    ["_some with an empty filter", { comments: { _some: {} } }, [["comments", "_some"]]],
    ["_in with a string", { status: { _in: "x" } }, [["status", "_in"]]],
    ["_nin with a number", { id: { _nin: 5 } }, [["id", "_nin"]]],
    ["_between with one value", { price: { _between: [1] } }, [["price", "_between"]]],
    ["_nbetween with a comma string", { price: { _nbetween: "1,2" } }, [["price", "_nbetween"]]],
    ["_null with a number", { category: { _null: 1 } }, [["category", "_null"]]],
    ["_nempty with a word", { category: { _nempty: "yes" } }, [["category", "_nempty"]]],
    ["_regex that does not compile", { code: { _regex: "(" } }, [["code", "_regex"]]],
    ["_regex that is not a string", { code: { _regex: 5 } }, [["code", "_regex"]]],
    ["a dotted key", { "author.name": { _eq: "Ada" } }, [["author.name"]]],
    ["a field name with a space", { "my field": { _eq: 1 } }, [["my field"]]],
    ["a field name longer than 64 characters", { ["f".repeat(65)]: { _eq: 1 } }, [["f".repeat(65)]]],
    ["an unknown function", { "years(date_created)": { _eq: 2024 } }, [["years(date_created)"]]],
    ["a function over a bad field name", { "year(date created)": { _eq: 2024 } }, [["year(date created)"]]],
    ["a function field with a nested filter", { "count(comments)": { status: { _eq: "a" } } }, [["count(comments)"]]],
    ["a many-to-any key with a bad collection", { "item:bad name": { id: { _eq: 1 } } }, [["item:bad name"]]],
    ["_submitted in a filter", { title: { _submitted: true } }, [["title", "_submitted"]]],
    ["$CURRENT_USERS", { owner: { _eq: "$CURRENT_USERS" } }, [["owner", "_eq"]]],
    ["$NOW(yesterday)", { date_created: { _gte: "$NOW(yesterday)" } }, [["date_created", "_gte"]]],
    ["a bad variable inside an _in list", { owner: { _in: ["a", "$CURRENT_USERS"] } }, [["owner", "_in", 1]]],
    ["a bad variable inside a group", { _or: [{ a: { _eq: 1 } }, { b: { _eq: "$NOW()" } }] }, [["_or", 1, "b", "_eq"]]],
    [
      "several problems at once",
      { _and: [{ status: { _bogus: 1 } }], owner: "x", views: { _in: 3 } },
      [["_and", 0, "status", "_bogus"], ["owner"], ["views", "_in"]],
    ],
  ])("rejects %s", (_label, filter, expectedPaths) => {
    const problems = filterProblems(filter, "filter");
    expect(paths(problems)).toEqual(expectedPaths);
    for (const problem of problems) expect(problem.message).toContain("Fix:");
  });

  it.each<[string, unknown]>([
    ["a string", "status = 'published'"],
    ["an array", [{ status: { _eq: "a" } }]],
    ["a number", 5],
    ["a Date", new Date(0)],
  ])("rejects %s at the top level", (_label, value) => {
    const problem = onlyProblem(filterProblems(value, "filter"));
    expect(problem.path).toEqual([]);
    expect(problem.message).toContain("the filter must be an object");
    expect(problem.message).toContain("Fix:");
  });

  it("describes what it got instead of a filter", () => {
    expect(onlyProblem(filterProblems(new Date(0), "filter")).message).toContain("not a Date object");
    expect(onlyProblem(filterProblems({ c: { _some: {} } }, "filter")).message).toContain("not an empty object");
  });

  it("suggests the fix for a field mapped to a plain value", () => {
    const problem = onlyProblem(filterProblems({ status: "published" }, "filter"));
    expect(problem.message).toContain('{ status: { _eq: "published" } }');
  });

  it("names the misspelled variable, the closest valid one and the full list", () => {
    const problem = onlyProblem(filterProblems({ owner: { _eq: "$CURRENT_USERS" } }, "filter"));
    expect(problem.message).toContain('"$CURRENT_USERS"');
    expect(problem.message).toContain('use "$CURRENT_USER" instead');
    for (const variable of DYNAMIC_VARIABLES) expect(problem.message).toContain(variable);
  });

  it("rejects nesting deeper than the limit, once, at the level that breaks it", () => {
    const problem = onlyProblem(filterProblems(nestedFilter(FILTER_MAX_DEPTH + 5), "filter"));
    expect(problem.path).toEqual(Array.from({ length: FILTER_MAX_DEPTH }, () => "a"));
    expect(problem.message).toContain(`deeper than ${FILTER_MAX_DEPTH} levels`);
  });

  it("counts logical groups toward the depth", () => {
    let filter: Record<string, unknown> = { a: { _eq: 1 } };
    for (let level = 0; level < FILTER_MAX_DEPTH; level++) filter = { _and: [filter] };
    expect(filterProblems(filter, "filter")).toHaveLength(1);
  });

  it("rejects an operator argument nested deeper than the limit", () => {
    const problem = onlyProblem(filterProblems({ tags: { _eq: nestedArgument(ARGUMENT_MAX_DEPTH + 2) } }, "filter"));
    expect(problem.path).toEqual(["tags", "_eq", ...Array.from({ length: ARGUMENT_MAX_DEPTH }, () => 0)]);
    expect(problem.message).toContain(`deeper than ${ARGUMENT_MAX_DEPTH} levels`);
  });

  it("rejects a filter above 64 KiB with one problem and stops there", () => {
    const filter = { id: { _in: Array.from({ length: 10_000 }, (_, index) => `id-${index}`) }, bad: null };
    const problem = onlyProblem(filterProblems(filter, "filter"));
    expect(problem.path).toEqual([]);
    expect(problem.message).toContain("KiB of JSON exceeds the 64 KiB limit");
    expect(problem.message).toContain("Fix:");
  });

  it("rejects a value that cannot be serialized", () => {
    const cyclic: Record<string, unknown> = { status: { _eq: "a" } };
    cyclic.self = cyclic;
    const problem = onlyProblem(filterProblems(cyclic, "filter"));
    expect(problem.path).toEqual([]);
    expect(problem.message).toContain("cannot be serialized as JSON");
  });

  it("summarizes problems past the reporting cap", () => {
    const filter = Object.fromEntries(Array.from({ length: 30 }, (_, index) => [`field_${index}`, null]));
    const problems = filterProblems(filter, "filter");
    expect(problems).toHaveLength(MAX_REPORTED_PROBLEMS + 1);
    expect(problems.at(-1)?.message).toContain("10 more problems are not shown");
  });

  it("never echoes a huge value in full", () => {
    const problem = onlyProblem(filterProblems({ owner: { _eq: `$CURRENT_${"X".repeat(50_000)}` } }, "filter"));
    expect(problem.message.length).toBeLessThan(1000);
    expect(problem.message).toContain("(50009 characters)");
  });
});

describe("filterProblems: validation rules", () => {
  it("applies the filter grammar", () => {
    expect(filterProblems({ email: { _contains: "@" } }, "validation")).toEqual([]);
    expect(paths(filterProblems({ email: { _bogus: "@" } }, "validation"))).toEqual([["email", "_bogus"]]);
    expect(paths(filterProblems({ _and: [null] }, "validation"))).toEqual([["_and", 0]]);
  });

  it("accepts _submitted, which only validation understands", () => {
    expect(filterProblems({ title: { _submitted: true } }, "validation")).toEqual([]);
    expect(filterProblems({ title: { _submitted: "true" } }, "validation")).toEqual([]);
  });

  it("still checks _submitted's argument", () => {
    expect(paths(filterProblems({ title: { _submitted: "x" } }, "validation"))).toEqual([["title", "_submitted"]]);
  });

  it("suggests _submitted for a typo only in validation", () => {
    expect(onlyProblem(filterProblems({ title: { _submited: true } }, "validation")).message).toContain(
      'use "_submitted"',
    );
  });

  it("names the rule kind in top-level messages", () => {
    expect(onlyProblem(filterProblems("x", "validation")).message).toContain("the validation must be an object");
  });
});

describe("dynamicVariableProblem", () => {
  it.each([
    "$CURRENT_USER",
    "$CURRENT_ROLE",
    "$CURRENT_ROLES",
    "$CURRENT_POLICIES",
    "$CURRENT_USER.id",
    "$CURRENT_USER.role.name",
    "$CURRENT_ROLES.name",
    "$CURRENT_POLICIES.id",
    "$NOW",
    "$NOW(-1 year)",
    "$NOW(+2 days)",
    "$NOW(1.5 weeks)",
    "$NOW(-3 MONTHS)",
    "$NOW(-1d)",
    "plain text",
    "$USER",
    "",
  ])("accepts %j", (value) => {
    expect(dynamicVariableProblem(value)).toBeUndefined();
  });

  it.each([
    ["$CURRENT_USERS", "$CURRENT_USER"],
    ["$CURRENT_USERS.id", "$CURRENT_USER.id"],
    ["$CURRENT_POLICY", "$CURRENT_POLICIES"],
    ["$NOWW", "$NOW"],
  ])("rejects %j and suggests %j", (value, suggestion) => {
    const message = dynamicVariableProblem(value);
    expect(message).toContain(`use "${suggestion}" instead`);
    expect(message).toContain("Fix:");
  });

  it.each(["$NOW(yesterday)", "$NOW()", "$NOW(-1 year 2 days)", "$NOW(- 1 year)", "$NOW(1 fortnight)"])(
    "rejects the adjustment in %j",
    (value) => {
      expect(dynamicVariableProblem(value)).toContain("$NOW adjustment");
    },
  );

  it.each(["$CURRENT_USER.", "$CURRENT_USER..id", "$CURRENT_USER.na me"])("rejects the path in %j", (value) => {
    expect(dynamicVariableProblem(value)).toContain("invalid field path");
  });

  it("lists the valid variables when nothing is close", () => {
    const message = dynamicVariableProblem("$CURRENT_SOMETHING_ELSE_ENTIRELY");
    expect(message).not.toContain("instead");
    expect(message).toContain("$NOW(-1 year)");
  });
});

describe("presetsProblems", () => {
  it.each<[string, unknown]>([
    ["no presets (null)", null],
    ["no presets (undefined)", undefined],
    ["plain values", { status: "draft", featured: false, views: 0, notes: null }],
    ["dynamic variables", { owner: "$CURRENT_USER", published_on: "$NOW(+1 day)" }],
    ["a relational value", { author: { name: "Ada", tags: ["a", "b"] } }],
    ["an underscore-prefixed field", { _internal: 1 }],
  ])("accepts %s", (_label, presets) => {
    expect(presetsProblems(presets)).toEqual([]);
  });

  it.each<[string, unknown, (string | number)[][]]>([
    ["a string", "status=draft", [[]]],
    ["an array", [{ status: "draft" }], [[]]],
    ["a field name with a space", { "my field": 1 }, [["my field"]]],
    ["a dotted field name", { "author.name": "Ada" }, [["author.name"]]],
    ["a field name longer than 64 characters", { ["p".repeat(65)]: 1 }, [["p".repeat(65)]]],
    ["a misspelled variable", { owner: "$CURRENT_USERS" }, [["owner"]]],
    ["a misspelled variable in a list", { reviewers: ["a", "$CURRENT_USRE"] }, [["reviewers", 1]]],
    ["a value nested too deeply", { data: nestedArgument(ARGUMENT_MAX_DEPTH + 1) }, [["data", 0, 0, 0, 0, 0, 0, 0, 0]]],
  ])("rejects %s", (_label, presets, expectedPaths) => {
    const problems = presetsProblems(presets);
    expect(paths(problems)).toEqual(expectedPaths);
    for (const problem of problems) expect(problem.message).toContain("Fix:");
  });

  it("rejects presets above 64 KiB", () => {
    const problem = onlyProblem(presetsProblems({ notes: "n".repeat(RULE_JSON_MAX_BYTES + 1) }));
    expect(problem.path).toEqual([]);
    expect(problem.message).toMatch(/^the presets: 64\.\d KiB of JSON exceeds the 64 KiB limit/);
  });
});

describe("collectionNameProblem", () => {
  it.each(["posts", "directus_files", "my-collection", "Posts2", "_staging", "2024_archive", "c".repeat(64)])(
    "accepts %j",
    (name) => {
      expect(collectionNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["a b", "a space"],
    ["blog.posts", 'a dot "."'],
    ["a/b", 'a slash "/"'],
    ["-posts", 'starts with "-"'],
    ["pösts", 'the character "ö"'],
    ["", "is empty"],
    ["c".repeat(65), "longer than the 64 characters"],
  ])("rejects %j, saying it %s", (name, reason) => {
    const message = collectionNameProblem(name);
    expect(message).toContain(reason);
    expect(message).toContain("Fix:");
  });

  it("rejects a 100,000-character name with a short message", () => {
    const message = collectionNameProblem("x".repeat(100_000));
    expect(message).toContain("longer than the 64 characters Directus allows");
    expect(message).toContain("(100000 characters)");
    expect(message?.length).toBeLessThan(400);
  });
});

describe("fieldNameProblem", () => {
  // "hero-image": Directus creates such fields over its API (checked on 11.17.4), so a program may grant them.
  it.each(["*", "title", "date_created", "hero-image", "author.name", "author.*", "author.org.name", "f".repeat(64)])(
    "accepts %j",
    (name) => {
      expect(fieldNameProblem(name)).toBeUndefined();
    },
  );

  it.each([
    ["", "is empty"],
    ["my field", "a space"],
    ["author/name", 'a slash "/"'],
    ["title,body", 'the character ","'],
    ["author.", "empty part"],
    [".name", "empty part"],
    ["author..name", "empty part"],
    ["*.name", '"*" may only end a field path'],
    ["author.*.name", '"*" may only end a field path'],
    ["author.na me", 'field path "author.na me": part "na me" contains a space'],
    ["f".repeat(65), "longer than the 64 characters"],
    [Array.from({ length: 11 }, () => "rel").join("."), "11 relations deep"],
  ])("rejects %j, saying it %s", (name, reason) => {
    const message = fieldNameProblem(name);
    expect(message).toContain(reason);
    expect(message).toContain("Fix:");
  });
});

describe("textLimitProblem", () => {
  it("accepts text up to the limit", () => {
    expect(textLimitProblem("r".repeat(ROLE_NAME_MAX_LENGTH), "role name", ROLE_NAME_MAX_LENGTH)).toBeUndefined();
    expect(textLimitProblem("", "role name", ROLE_NAME_MAX_LENGTH)).toBeUndefined();
  });

  it("rejects text over the limit, naming the input, its length and the fix", () => {
    const message = textLimitProblem("r".repeat(101), "role name", ROLE_NAME_MAX_LENGTH);
    expect(message).toBe(
      "role name is 101 characters long; the limit is 100. Fix: shorten it to at most 100 characters.",
    );
  });

  it("counts characters, not UTF-16 code units", () => {
    expect(textLimitProblem("😀".repeat(64), "icon", ICON_MAX_LENGTH)).toBeUndefined();
    expect(textLimitProblem("😀".repeat(65), "icon", ICON_MAX_LENGTH)).toContain("65 characters");
  });

  it("exports limits that match Directus' columns", () => {
    expect({
      ROLE_NAME_MAX_LENGTH,
      POLICY_NAME_MAX_LENGTH,
      DESCRIPTION_MAX_LENGTH,
      ICON_MAX_LENGTH,
      PROJECT_NAME_MAX_LENGTH,
      EMAIL_MAX_LENGTH,
    }).toEqual({
      ROLE_NAME_MAX_LENGTH: 100,
      POLICY_NAME_MAX_LENGTH: 100,
      DESCRIPTION_MAX_LENGTH: 2000,
      ICON_MAX_LENGTH: 64,
      PROJECT_NAME_MAX_LENGTH: 100,
      EMAIL_MAX_LENGTH: 128,
    });
  });
});

describe("invisible characters in names", () => {
  it.each([
    ["Editors\u0000", "U+0000"],
    ["Edi\u0007tors", "U+0007"],
    ["\u202eEditors", "U+202E"],
    ["Edi\u200btors", "U+200B"],
    ["Editors\nStaff", "U+000A"],
  ])("refuses %j in a name (%s)", (name, codePoint) => {
    expect(invisibleCharacterProblem(name, "role name")).toContain(codePoint);
  });

  it.each(["Editors", "Équipe rédaction", "Team 👩‍💻", "🏴󠁧󠁢󠁳󠁣󠁴󠁿 Scotland", "Rédaction (QA)"])("accepts %j", (name) => {
    expect(invisibleCharacterProblem(name, "role name")).toBeUndefined();
  });

  it("a description may span lines, but hides no control character", () => {
    expect(invisibleCharacterProblem("Line one\nLine two\ttabbed", "description", true)).toBeUndefined();
    expect(invisibleCharacterProblem("Line one\u001b[31m", "description", true)).toContain("U+001B");
  });

  it("a role from the program is refused with the property; the same name kept as found passes", () => {
    const name = "Admins\u202e";
    const refused = checkInputs(roleDefinition, { name });
    expect(refused.failures).toEqual([{ property: "name", reason: expect.stringContaining("U+202E") }]);
    const adoptId = "00000000-0000-4000-8000-000000000001";
    expect(checkInputs(roleDefinition, { name, adoptId }, { name }).failures).toEqual([]);
  });
});
