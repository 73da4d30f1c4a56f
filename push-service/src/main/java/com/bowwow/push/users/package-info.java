/**
 * What push-service asks user-service (its internal API): where and how to notify a user
 * at send time, and which device tokens APNs declared dead.
 */
package com.bowwow.push.users;
