/**
 * What a push says: the title, the body with the distance in the receiver's unit and the
 * direction, the custom payload the app reads, and the APNs headers. Pure functions, no
 * I/O.
 */
package com.bowwow.push.message;
