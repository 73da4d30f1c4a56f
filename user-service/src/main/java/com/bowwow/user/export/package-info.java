/**
 * A user's export: their account and safety data from here, the other services' sections
 * from their internal export endpoints, as one document.
 */
package com.bowwow.user.export;
