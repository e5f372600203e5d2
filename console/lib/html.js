// @ts-check
/** htm bound to Preact: tagged templates instead of JSX, so the browser runs the files as written. */
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
