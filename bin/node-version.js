// Plain JavaScript on purpose: it must run on the old Node it is there to turn away.

/** The oldest Node that runs the .ts sources without flags (type stripping on by default). */
export const MINIMUM_NODE = '22.18.0';

function atLeast(version, minimum) {
  const have = version.split('.').map(Number);
  const need = minimum.split('.').map(Number);
  for (let i = 0; i < need.length; i++) {
    if ((have[i] ?? 0) !== need[i]) return (have[i] ?? 0) > need[i];
  }
  return true;
}

/**
 * Null when this Node can run nrx; otherwise the message that tells the operator what to install
 * and how, by the same route `.ci/run` takes (Node from the npm registry, no system change).
 */
export function nodeVersionProblem(version, typescriptFeature) {
  // `process.features.typescript` is false when stripping was switched off (--no-experimental-strip-types).
  if (atLeast(version, MINIMUM_NODE) && typescriptFeature !== false) return null;
  const why = atLeast(version, MINIMUM_NODE)
    ? `this Node ${version} has TypeScript type stripping switched off (remove --no-experimental-strip-types from NODE_OPTIONS)`
    : `this is Node ${version}`;
  return [
    `nrx needs Node.js 24 LTS (or ${MINIMUM_NODE} and newer): ${why}.`,
    'Install Node 24 from your package manager or nodejs.org, or, with only npm at hand:',
    '',
    '  npm install --prefix "$HOME/.cache/nrx-node24" --no-save node@24',
    '  export PATH="$HOME/.cache/nrx-node24/node_modules/node/bin:$PATH"',
    '  node --version   # v24.x',
    '',
    'then run `npm ci` again in this directory.',
    '',
  ].join('\n');
}
