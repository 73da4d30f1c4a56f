package com.bowwow.user.account;

/**
 * The outcome of a registration or a refresh.
 *
 * @param user the account
 * @param created whether this registration created it
 * @param refreshToken the install's new refresh token (shown once)
 */
record Registration(User user, boolean created, String refreshToken) {

}
