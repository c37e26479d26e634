// typedoc plugin: name each documented module by its import path. typedoc derives module names from file
// paths ("core/src/sde"); users import "@ratedistortion/core/sde", so show that instead.
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    const m = /^(?:packages\/)?([a-z][a-z0-9-]*)\/src(?:\/([a-z0-9-]+))?$/.exec(reflection.name);
    if (m) reflection.name = `@ratedistortion/${m[1]}${m[2] ? `/${m[2]}` : ''}`;
  });
}
