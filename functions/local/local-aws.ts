/** The placeholder account and region of everything the local runtime stands in for. */
export const LOCAL_ACCOUNT_ID = '000000000000';
export const LOCAL_REGION = 'local';
