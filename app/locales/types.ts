/** The shape of a translation: the same keys as the zh-CN source, any strings. */
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
