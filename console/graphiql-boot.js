// @ts-check
/**
 * Starts GraphiQL (yoga's build, served by the gateway itself) with Monaco's workers from this
 * origin; the options come from the page's JSON data block.
 */
const options = JSON.parse(document.getElementById('graphiql-options')?.textContent ?? '{}');
/** @type {any} */ (self).MonacoEnvironment = {
  globalAPI: false,
  /** @param {string} _moduleId @param {string} label editorWorkerService, json or graphql */
  getWorkerUrl: (_moduleId, label) => `/console/graphiql/${encodeURIComponent(label)}.js`,
};
/** @type {any} */ (window).YogaGraphiQL.renderYogaGraphiQL(document.getElementById('root'), options);
