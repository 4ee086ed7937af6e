/** Entra object ids and tenant ids are GUIDs; anything else typed or sent as one is refused. */
export const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/** Whether a value is a GUID (object id, tenant id). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}
