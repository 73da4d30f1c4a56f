package com.bowwow.common.problem;

/** One invalid input: the JSON path or parameter name, and what is wrong with it. */
public record FieldViolation(String field, String message) {

}
