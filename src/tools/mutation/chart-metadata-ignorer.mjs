// A Stryker ignorer (loaded by stryker.config.mjs): mutants inside a chart's documentation
// metadata are reported as Ignored instead of being run. A state's or transition's `description`
// and its `meta: { req: [...] }` (or a `req: [...]` list of requirement ids that a chart-building
// helper puts into such a meta) are read only by the doc generator and the traceability tools
// (src/tools/machine-walk.ts); the reducers never look at them, so no behavioural test can kill
// such a mutant. Plain JavaScript because Stryker imports plugins before anything is compiled.
import { declareValuePlugin, PluginKind } from '@stryker-mutator/api/plugin';

const keyName = (node) => (node.key.type === 'Identifier' ? node.key.name : node.key.type === 'StringLiteral' ? node.key.value : undefined);

/** Whether an object literal lists requirement ids: `{ req: [...] }`. */
const isReqMeta = (value) =>
  value.type === 'ObjectExpression' && value.properties.some((p) => p.type === 'ObjectProperty' && keyName(p) === 'req');

/** A requirement id of spec/: `SEC-FUNC-WRONG-TYPE.1`. */
const REQUIREMENT_ID = /^[A-Z]+(-[A-Z0-9]+)+\.[0-9]+$/;
/** Whether a value is a non-empty list of requirement ids written out: `['SEC-FUNC-WRONG-TYPE.1', ...]`. */
const isRequirementList = (value) =>
  value.type === 'ArrayExpression' && value.elements.length > 0 && value.elements.every((e) => e?.type === 'StringLiteral' && REQUIREMENT_ID.test(e.value));

/** Whether the path lies inside the argument of `....createMachine(...)`. */
const insideCreateMachine = (path) =>
  path.findParent(
    (p) => p.isCallExpression() && p.node.callee.type === 'MemberExpression' && p.node.callee.property.type === 'Identifier' && p.node.callee.property.name === 'createMachine',
  ) !== null;

export const strykerPlugins = [
  declareValuePlugin(PluginKind.Ignore, 'chart-metadata', {
    shouldIgnore(path) {
      // A named list of requirement ids shared by several transitions' metadata: `const ACCEPT = ['STX-…', …]`.
      if (path.isVariableDeclarator() && path.node.init != null && isRequirementList(path.node.init)) {
        return 'chart metadata (requirement ids), read only by the doc and traceability tools';
      }
      if (!path.isObjectProperty()) return undefined;
      const key = keyName(path.node);
      if (key === 'meta' && isReqMeta(path.node.value)) return 'chart metadata (requirement ids), read only by the doc and traceability tools';
      // A helper's `{ req: [...] }` argument, which it places under `meta` (refuseWhen, periodic).
      if (key === 'req' && isRequirementList(path.node.value)) return 'chart metadata (requirement ids), read only by the doc and traceability tools';
      const v = path.node.value.type;
      if (key === 'description' && (v === 'StringLiteral' || v === 'TemplateLiteral') && insideCreateMachine(path)) {
        return 'chart metadata (a state description), read only by the doc tools';
      }
      return undefined;
    },
  }),
];
