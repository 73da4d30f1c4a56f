/**
 * Deleted users: consumes user-service's {@code UserDeleted} and erases every delivery
 * record (and dead letter) the user is the receiver or the sender of.
 */
package com.bowwow.push.erasure;
