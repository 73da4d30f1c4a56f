/**
 * Signal-service's own view of users (unit, offline, deleted), kept from user-service's
 * event stream so that no request waits on another service.
 */
package com.bowwow.signal.users;
