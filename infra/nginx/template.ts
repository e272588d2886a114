/**
 * The few template directives infra/nginx/nginx.conf.template needs, and nothing more: `{{name}}` substitutes a
 * value; whole-line `{{#if name}}` / `{{#else}}` / `{{/if}}` keep lines for one target only; whole-line
 * `{{#each name}}` / `{{/each}}` repeat lines per item (inside, an item's fields come before the outer values);
 * a whole-line `{{! … }}` is a note for the template's readers, left out of the output.
 * A name the context lacks is an error, never an empty string: a typo must not render a silently broken config.
 */

type Scalar = string | number;
type Value = Scalar | boolean | readonly Readonly<Record<string, Scalar>>[];
export type TemplateContext = Readonly<Record<string, Value>>;

type Node =
  | { kind: "line"; text: string; lineNumber: number }
  | { kind: "if"; name: string; then: Node[]; otherwise: Node[] }
  | { kind: "each"; name: string; body: Node[] };

const directivePattern = /^\s*\{\{(#if|#else|\/if|#each|\/each)(?:\s+(\w+))?\}\}\s*$/;
const notePattern = /^\s*\{\{!.*\}\}\s*$/;

function parse(lines: readonly string[]): Node[] {
  const root: Node[] = [];
  // Each open block: where its lines go now, and what closes it.
  const open: { node: Extract<Node, { kind: "if" | "each" }>; target: Node[]; lineNumber: number }[] = [];
  const current = () => open.at(-1)?.target ?? root;
  lines.forEach((text, index) => {
    const lineNumber = index + 1;
    if (notePattern.test(text)) return;
    const directive = directivePattern.exec(text);
    if (!directive) {
      current().push({ kind: "line", text, lineNumber });
      return;
    }
    const [, keyword, name] = directive;
    const block = open.at(-1);
    switch (keyword) {
      case "#if":
      case "#each": {
        if (!name) throw new Error(`line ${lineNumber}: ${keyword} needs a name`);
        const node: Extract<Node, { kind: "if" | "each" }> =
          keyword === "#if" ? { kind: "if", name, then: [], otherwise: [] } : { kind: "each", name, body: [] };
        current().push(node);
        open.push({ node, target: node.kind === "if" ? node.then : node.body, lineNumber });
        return;
      }
      case "#else":
        if (block?.node.kind !== "if") throw new Error(`line ${lineNumber}: #else outside an #if`);
        block.target = block.node.otherwise;
        return;
      default:
        if (block?.node.kind !== (keyword === "/if" ? "if" : "each")) {
          throw new Error(`line ${lineNumber}: ${keyword} closes nothing open`);
        }
        open.pop();
    }
  });
  const unclosed = open.at(-1);
  if (unclosed) throw new Error(`line ${unclosed.lineNumber}: #${unclosed.node.kind} is never closed`);
  return root;
}

function lookup(scopes: readonly TemplateContext[], name: string, lineNumber: number): Value {
  for (const scope of scopes) {
    if (Object.hasOwn(scope, name)) return scope[name] as Value;
  }
  throw new Error(`line ${lineNumber}: no value for {{${name}}}`);
}

function renderNodes(nodes: readonly Node[], scopes: readonly TemplateContext[], lineNumber = 0): string[] {
  return nodes.flatMap((node): string[] => {
    switch (node.kind) {
      case "line":
        return [
          node.text.replace(/\{\{(\w+)\}\}/g, (_all, name: string) => {
            const value = lookup(scopes, name, node.lineNumber);
            if (typeof value !== "string" && typeof value !== "number") {
              throw new Error(`line ${node.lineNumber}: {{${name}}} is not a text or a number`);
            }
            return String(value);
          }),
        ];
      case "if": {
        const value = lookup(scopes, node.name, lineNumber);
        if (typeof value !== "boolean") throw new Error(`#if ${node.name}: not a boolean`);
        return renderNodes(value ? node.then : node.otherwise, scopes);
      }
      case "each": {
        const items = lookup(scopes, node.name, lineNumber);
        if (!Array.isArray(items)) throw new Error(`#each ${node.name}: not a list`);
        return (items as readonly TemplateContext[]).flatMap((item) => renderNodes(node.body, [item, ...scopes]));
      }
    }
  });
}

export function renderTemplate(template: string, context: TemplateContext): string {
  return renderNodes(parse(template.split("\n")), [context]).join("\n");
}
