/**
 * `text` with the password of every `scheme://user:password@host` in it, and of every `password=` parameter
 * (libpq's `?password=…`), replaced by `***`: connection strings may be shown in messages and logs, their
 * passwords never.
 */
export function redactConnectionString(text: string): string {
  return text.replace(/(\/\/[^/:@\s]*:)[^@\s]*@/g, '$1***@').replace(/([?&]password=)[^&\s]*/gi, '$1***');
}
