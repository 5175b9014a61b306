package io.fleetml.model.repository;

/**
 * One version of a model as its repository lists it: its number (0 when the location is a SavedModel itself), where it
 * is, and a stamp of its files that changes whenever they do, so a rejected version is tried again only once it changed.
 */
public record ModelVersion(long number, String location, String stamp) {
}
