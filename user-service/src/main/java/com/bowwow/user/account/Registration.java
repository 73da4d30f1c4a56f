package com.bowwow.user.account;

/**
 * The outcome of a registration.
 *
 * @param user the account the device token belongs to
 * @param created whether this registration created it
 */
public record Registration(User user, boolean created) {

}
