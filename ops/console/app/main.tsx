/// <reference lib="dom" />
import { render } from 'preact';
import { App } from './app.js';
import './console.css';

/** The console's entry: everything it shows comes from /graphql with the key signed in (see api/session.ts). */
const root = document.getElementById('app');
if (root === null) throw new Error('the console page lacks its #app element');
render(<App />, root);
