/**
 * The languages the words shown to her are translated into (console/messages/), for a language
 * picker: any signed-in caller may list them.
 */
import { languages, messagesFor } from '../../gateway/reports/messages.ts';
import type { Builder } from './builder.ts';

export function addLanguagesSchema(builder: Builder): void {
  const b = builder as any;
  const Language = b.objectRef('MessageLanguage').implement({
    description: 'A language with a message file: the subject access report and the disclosure preview can be shown in it.',
    fields: (t: any) => ({
      tag: t.exposeString('tag', { nullable: false, description: 'BCP 47 tag, e.g. sr-Cyrl.' }),
      name: t.exposeString('name', { nullable: false, description: 'The language named in its own words.' }),
      dir: t.exposeString('dir', { nullable: false, description: 'ltr or rtl.' }),
    }),
  });
  b.queryFields((t: any) => ({
    messageLanguages: t.field({
      type: [Language],
      nullable: false,
      description: 'The languages the words shown to her are translated into, the source language first.',
      resolve: () => languages().map((tag) => ({ tag, name: messagesFor(tag).meta.name, dir: messagesFor(tag).meta.dir })),
    }),
  }));
}
