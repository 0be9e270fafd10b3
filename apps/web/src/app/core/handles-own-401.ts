import { HttpContextToken } from '@angular/common/http';

/** Set on requests whose caller decides what a 401 means (wrong password, session check). */
export const HANDLES_OWN_401 = new HttpContextToken<boolean>(() => false);
