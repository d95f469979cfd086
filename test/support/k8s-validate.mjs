// Validates Kubernetes objects against the API's own schemas (the kubernetes-models packages, which
// are generated from the Kubernetes OpenAPI document and the Prometheus Operator's CRDs). Reads a
// JSON array of objects on stdin, writes a JSON array of { kind, name, error? } on stdout. A plain
// ES module run by Node, since the packages are ES modules only (Jest runs tests as CommonJS).
const modules = {
  v1: (kind) => `kubernetes-models/v1/${kind}`,
  'monitoring.coreos.com/v1': (kind) => `@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/${kind}`,
};
const modulePath = (apiVersion, kind) => (modules[apiVersion] ?? ((k) => `kubernetes-models/${apiVersion}/${k}`))(kind);

let input = '';
for await (const chunk of process.stdin) input += chunk;
const results = [];
for (const object of JSON.parse(input)) {
  const result = { kind: object.kind, name: object.metadata?.name };
  try {
    const Model = (await import(modulePath(object.apiVersion, object.kind)))[object.kind];
    if (!Model) throw new Error(`no schema for ${object.apiVersion} ${object.kind}`);
    new Model(object).validate();
  } catch (error) {
    result.error = String(error?.message ?? error).slice(0, 2000);
  }
  results.push(result);
}
process.stdout.write(JSON.stringify(results));
