/** Messages by input field name (`id`, `name`, `adminEmail`, …); `form` for what belongs to no field. */
export type FieldMessages = Partial<Record<string, string>>;

interface ErrorLike {
  message: string;
  extensions?: { code?: string; fields?: { field: string; message: string }[] };
}

/** Where a server error belongs on the form: `extensions.fields` by name, a taken id under the id. */
export function fieldMessagesOf(errors: readonly ErrorLike[]): FieldMessages {
  const messages: FieldMessages = {};
  const put = (field: string, message: string) => {
    if (!messages[field]) messages[field] = message;
  };
  for (const error of errors) {
    const code = error.extensions?.code;
    const fields = error.extensions?.fields ?? [];
    for (const { field, message } of fields) put(field === 'input' ? 'form' : field, message);
    if (code === 'TENANT_EXISTS') put('id', error.message);
    else if (fields.length === 0) put('form', error.message);
  }
  return messages;
}

export const hasMessages = (messages: FieldMessages): boolean => Object.values(messages).some(Boolean);
