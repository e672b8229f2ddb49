/**
 * What `run_query` / `load_result` return during analysis: an empty
 * agate-like table. There is no warehouse at render time, and the common
 * idiom `results.columns[0].values()` must yield [] rather than fail.
 */
import { PyFunction, PyObject, type Value } from './values';

class EmptyColumn extends PyObject {
  readonly typeName = 'Column';
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'values':
      case 'values_distinct':
      case 'values_without_nulls':
        return new PyFunction(name, () => []);
      case 'name':
        return '';
    }
    return undefined;
  }
  override iterate(): Value[] {
    return [];
  }
}

const EMPTY_COLUMN = new EmptyColumn();

class EmptyColumns extends PyObject {
  readonly typeName = 'MappedSequence';
  override getItem(): Value {
    return EMPTY_COLUMN;
  }
  override getAttr(name: string): Value | undefined {
    if (name === 'keys' || name === 'values') return new PyFunction(name, () => []);
    return undefined;
  }
  override iterate(): Value[] {
    return [];
  }
  override truthy(): boolean {
    return false;
  }
}

class EmptyTable extends PyObject {
  readonly typeName = 'Table';
  override getAttr(name: string): Value | undefined {
    switch (name) {
      case 'columns':
        return new EmptyColumns();
      case 'rows':
      case 'column_names':
      case 'column_types':
        return [];
      case 'print_table':
      case 'print_csv':
      case 'print_json':
        return new PyFunction(name, () => '');
    }
    return undefined;
  }
  override iterate(): Value[] {
    return [];
  }
  override truthy(): boolean {
    // agate tables are objects (truthy) in Python even when empty
    return true;
  }
}

export const EMPTY_TABLE = new EmptyTable();
